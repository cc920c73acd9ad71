import { z } from 'zod';
import { PermanentError } from '../../errors/index.js';

/**
 * WordPress's answers as Plume reads them, each parsed here, at the client's edge, rather than
 * cast: a plugin, a proxy or another WordPress version can change an answer's shape, and what
 * reaches the job is then typed for what it really holds. Only the fields Plume reads are kept.
 */

/** PHP encodes an empty associative array as `[]`: a post with no registered meta answers `meta: []`. */
const meta = z.preprocess((value) => (Array.isArray(value) && value.length === 0 ? {} : value), z.record(z.string(), z.unknown()));
const id = z.number().int();
const editable = z.object({ raw: z.string(), rendered: z.string() });
/** Capabilities as `context=edit` lists them; only `true` grants one. */
const capabilities = z.record(z.string(), z.unknown()).optional();

/** A post as WordPress returns it with context=edit. */
export const postAnswer = z.object({
  id,
  /** Id of the user who created the post. */
  author: id,
  /** `draft`, `pending`, `publish`… or a status a plugin added. */
  status: z.string(),
  slug: z.string(),
  link: z.string(),
  date: z.string(),
  /** UTC; null on a draft whose date was never set. */
  date_gmt: z.string().nullable().optional(),
  modified: z.string(),
  title: editable,
  content: editable,
  excerpt: editable,
  categories: z.array(id),
  tags: z.array(id),
  featured_media: id,
  /** Registered meta only; registered string keys that were never set read back as ''. */
  meta,
});

/** The published posts listed for internal links (`_fields=id,title,link`, context=edit for the raw title). */
export const publishedPostsAnswer = z.array(z.object({ id, title: z.object({ raw: z.string() }), link: z.string() }));

/** What the companion plugin's /plume/v1/drafts answers. */
export const savedDraftAnswer = z.object({ outcome: z.enum(['created', 'updated']), post: postAnswer });

/** An answer Plume does not read (a deletion). */
export const unreadAnswer = z.unknown();

/** An image as listed by source key (`_fields=id,author,source_url,meta`). */
export const attachmentAnswer = z.object({ id, author: id, source_url: z.string(), meta });

/** What the companion plugin's /plume/v1/media answers. */
export const savedMediaAnswer = z.object({
  outcome: z.enum(['existing', 'created']),
  media: z.object({ id, source_url: z.string() }),
  /** Images of other users carrying the key, never used. */
  foreign: z.array(id),
});

/** What the companion plugin's /plume/v1/terms answers. */
export const savedTermAnswer = z.object({ id });

/** One category with the address of its archive page (`_fields=id,name,link`). */
export const categoryAnswer = z.object({ id, name: z.string(), link: z.string() });

/** The site's REST index (`_fields=namespaces`): each plugin registers its namespace there. */
export const restIndexAnswer = z.object({ namespaces: z.array(z.string()) });

/** Plume's own user, by id only (`_fields=id`). */
export const userIdAnswer = z.object({ id });

/** Plume's own user with context=edit, for the start-up check. */
export const currentUserAnswer = z.object({ id, username: z.string(), name: z.string(), roles: z.array(z.string()), capabilities });

/** A user an item names as author (`_fields=id,username,capabilities`). */
export const authorAnswer = z.object({ id, username: z.string().optional(), capabilities });
export const authorsAnswer = z.array(authorAnswer);

/** The site's settings (`_fields=default_category`); only administrators see them. */
export const settingsAnswer = z.object({ default_category: z.number().int().optional() });

/** What the companion plugin's /plume/v1/status answers. */
export const companionStatusAnswer = z.object({
  plugin: z.literal('plume-companion'),
  version: z.string(),
  /** Post meta keys registered for REST writes. */
  meta_keys: z.array(z.string()),
});

/** WordPress's error body `{code, message, data: {status, ...}}`; a proxy's error page may have none of it. */
export const errorAnswer = z.object({
  code: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  data: z.unknown(),
});

/** The `data` of the companion plugin's 409 (`plume_not_owner`, `plume_not_draft`, `plume_edited`): the post holding the source. */
export const conflictData = z.object({ post_id: id.optional().catch(undefined) });

/**
 * `data` as `answer` reads it, or a PermanentError naming the route and the first field that is
 * not as expected. Permanent: the same site gives the same shape again (a plugin or proxy
 * rewrites it, or the companion plugin is not the one this worker expects); a retry would only
 * spend the job's budget, and a person has to look at the site.
 */
export function parseAnswer<Answer extends z.ZodType>(answer: Answer, data: unknown, call: { step: string; input: string }, route: string): z.output<Answer> {
  const parsed = answer.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  throw new PermanentError(`${call.step}: WordPress's answer to ${route} is not what Plume reads (${field}: ${issue?.message ?? 'invalid'}); a plugin or proxy may rewrite it. A retry will not help.`, {
    code: 'wordpress_answer_invalid',
    params: { route, field },
    step: call.step,
    input: call.input,
  });
}
