import { z } from 'zod';
import type { ErrorParams, FieldErrorCode } from '../../errors/codes.js';
import { hasLineBreakOrControl, hasNameContent } from './plain-text.js';

/**
 * Text that cannot be stored faithfully: NUL, lone surrogates (invalid UTF-16, no UTF-8 form),
 * or U+FFFD, which a decoder leaves where the client sent bytes that were not UTF-8.
 */
const NOT_TEXT = /[\u0000\uFFFD]|[\uD800-\uDFFF]/u;

/** Any string field: valid Unicode text. */
const text = () =>
  z.string().refine((v) => !NOT_TEXT.test(v), {
    error: 'expected valid UTF-8 text without NUL characters or U+FFFD replacement characters',
    params: { code: 'field_invalid_text' },
    abort: true,
  });

/** A field that goes into one line of the prompt and of WordPress: no newline, tab or other control character. */
const oneLine = () =>
  text().refine((v) => !hasLineBreakOrControl(v), {
    error: 'expected a single line, without newlines, tabs or other control characters',
    params: { code: 'field_not_one_line' },
    abort: true,
  });

/**
 * A category or tag name: WordPress strips markup from term names and refuses one left empty,
 * after the model has been paid; so markup, entities and names without a letter or digit are
 * refused here.
 */
const termName = (what: string, max: number) =>
  oneLine()
    .trim()
    .refine((v) => v !== '', { error: `expected non-empty ${what} names`, params: { code: 'field_empty_name' }, abort: true })
    .max(max, { error: `expected a ${what} name of at most ${max} characters` })
    .refine((v) => !/[<>]|&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);/i.test(v), {
      error: `expected a plain ${what} name, without HTML (no < or > and no &…; entities)`,
      params: { code: 'field_name_markup' },
    })
    .refine(hasNameContent, { error: `expected a ${what} name with at least one letter or digit`, params: { code: 'field_name_no_letter' } });
import { HTML_LIMITS } from '../../config/limits.js';
import { htmlLimitProblemAsync } from './source/html-limits.js';

const httpUrl = (field: string) =>
  z
    .string({ error: `${field}: expected an http(s) URL` })
    .refine((v) => !NOT_TEXT.test(v) && !hasLineBreakOrControl(v), {
      error: 'expected an http(s) URL on one line, without control characters',
      params: { code: 'field_not_one_line' },
    })
    .trim()
    .max(2048, { error: `${field}: expected at most 2048 characters` })
    .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { error: `expected an http(s) URL`, params: { code: 'field_invalid_url' } });

/**
 * What an editor enqueues. One of `text`, `html` or `url` carries the source; with only `url`,
 * the clean step fetches the page. Unknown fields are refused so that a typo (`tag` for `tags`)
 * is not silently ignored.
 */
export const articlePayloadSchema = z
  .object({
    text: text().trim().min(200, { error: 'expected the source text, at least 200 characters' }).max(200_000).optional(),
    html: text()
      .min(200, { error: 'expected an HTML page, at least 200 characters' })
      .max(HTML_LIMITS.maxChars, { error: `expected at most ${HTML_LIMITS.maxChars} characters of HTML (the size limit)` })
      .optional(),
    url: httpUrl('url').optional(),
    title: oneLine().trim().min(1).max(300, { error: 'expected at most 300 characters' }).optional(),
    language: oneLine()
      .trim()
      .toLowerCase()
      .refine((v) => /^[a-z]{2}$/.test(v), { error: 'expected a two-letter ISO 639-1 code such as "fr" or "en"', params: { code: 'field_invalid_language' } })
      .optional(),
    focus_keyword: oneLine()
      .trim()
      .min(2)
      .max(80, { error: 'expected at most 80 characters' })
      .refine((v) => v.split(/\s+/).length <= 6, { error: 'expected a short keyphrase (at most 6 words)', params: { code: 'field_too_many_words', max: 6 } })
      .optional(),
    category: termName('category', 100).optional(),
    tags: z
      .array(termName('tag', 60), {
        error: 'expected an array of tag names',
      })
      .max(15, { error: 'expected at most 15 tags' })
      .optional(),
    image_url: httpUrl('image_url').optional(),
    /** `draft` (default of the site) or `pending` (waiting for review); Plume never publishes. */
    status: z.enum(['draft', 'pending'], { error: 'expected "draft" or "pending" (Plume never publishes)' }).optional(),
    /** When the post is to appear, stored on the draft for the editor who publishes it. */
    date: z.iso
      .datetime({ offset: true, error: 'expected an ISO 8601 date and time with its zone, e.g. 2026-12-24T08:00:00+01:00', abort: true })
      .refine((v) => Date.parse(v) > Date.UTC(2000, 0, 1) && Date.parse(v) < Date.UTC(2100, 0, 1), { error: 'expected a date between 2000 and 2100' })
      .optional(),
    /** The draft's author on the site: a user id or login, checked before anything is paid. */
    author: z
      .union([z.number().int().positive(), oneLine().trim().min(1).max(60)], { error: 'expected a WordPress user id or login' })
      .transform(String)
      .optional(),
    /** A configured site's name (see config/sites.ts); the default site when absent. */
    site: oneLine()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]{1,32}$/, { error: 'expected the name of a configured site (lower-case letters and digits)' })
      .optional(),
  })
  .strict()
  .refine((p) => p.text !== undefined || p.html !== undefined || p.url !== undefined, {
    error: 'one of text, html or url is required',
    params: { code: 'field_required' },
    path: ['text'],
  })
  .refine((p) => !(p.text !== undefined && p.html !== undefined), {
    error: 'give text or html, not both',
    params: { code: 'field_conflict' },
    path: ['html'],
  });

export type ArticlePayload = z.infer<typeof articlePayloadSchema>;

export interface FieldIssue {
  field: string;
  code: FieldErrorCode;
  message: string;
  params?: ErrorParams;
}

const PAYLOAD_FIELDS = 'text, html, url, title, language, focus_keyword, category, tags, image_url, site, status, date, author';

/** The stable code of a zod issue (of any request, not only a payload): ours where a refinement names one, else from zod's own kind of issue. */
export function issueCode(issue: z.core.$ZodIssue): { code: FieldErrorCode; params?: ErrorParams } {
  switch (issue.code) {
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as { code?: FieldErrorCode } & Record<string, number>;
      return { code: code ?? 'field_invalid_value', ...(Object.keys(params).length > 0 ? { params } : {}) };
    }
    case 'too_small':
      return { code: 'field_too_short', params: { min: Number(issue.minimum) } };
    case 'too_big':
      return { code: issue.origin === 'array' ? 'field_too_many' : 'field_too_long', params: { max: Number(issue.maximum) } };
    case 'invalid_type':
      return { code: 'field_type', params: { expected: issue.expected } };
    default:
      return { code: 'field_invalid_value' };
  }
}

/** Validates a payload, or returns every problem with the field it concerns. */
export function parseArticlePayload(input: unknown): { ok: true; payload: ArticlePayload } | { ok: false; issues: FieldIssue[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ field: '(body)', code: 'field_type', message: 'expected a JSON object', params: { expected: 'object' } }] };
  }
  const parsed = articlePayloadSchema.safeParse(input);
  if (parsed.success) return { ok: true, payload: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return { field: issue.keys.join(', '), code: 'field_unknown', message: `unknown field (expected ${PAYLOAD_FIELDS})`, params: { expected: PAYLOAD_FIELDS } };
      }
      const field = issue.path.map(String).join('.') || '(body)';
      return { field, ...issueCode(issue), message: issue.message.replace(/^[\w.]+: /, '') };
    }),
  };
}

/**
 * What the schema cannot see without reading the source through: HTML nested deeper than the
 * nesting limit. Read in slices so that a large body never holds the server's event loop.
 */
export async function sourceLimitIssues(payload: ArticlePayload): Promise<FieldIssue[]> {
  const problem = payload.html === undefined ? undefined : await htmlLimitProblemAsync(payload.html);
  return problem === undefined ? [] : [{ field: 'html', code: 'field_html_too_complex', message: problem, params: { limit: problem } }];
}
