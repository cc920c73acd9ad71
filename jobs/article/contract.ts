import { z } from 'zod';

/**
 * The article contract: the JSON object the model must return. Kept free of length limits
 * so strict Structured Outputs accept it on every OpenAI-compatible server; the editorial
 * limits (word counts, meta description length…) are checked afterwards, where a failure
 * can be named and repaired.
 */
export const articleSchema = z
  .object({
    title: z.string(),
    seo_title: z.string(),
    focus_keyword: z.string(),
    slug: z.string(),
    meta_description: z.string(),
    excerpt: z.string(),
    lead: z.string(),
    sections: z.array(z.object({ heading: z.string(), paragraphs: z.array(z.string()) }).strict()),
    tags: z.array(z.string()),
  })
  .strict();

export type Article = z.infer<typeof articleSchema>;
export type ArticleSection = Article['sections'][number];

/** JSON Schema for `response_format: {type: 'json_schema', strict: true}`. */
export const articleJsonSchema: Record<string, unknown> = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(articleSchema, { target: 'draft-7' }) as Record<string, unknown>;
  return schema;
})();
