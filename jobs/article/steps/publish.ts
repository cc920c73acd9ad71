import { createHash } from 'node:crypto';
import slugify from 'slugify';
import { META, WordPressRestError, type SavedDraft, type SeoPlugin, type WordPressClient, type WpPost, type WpPostFields } from '../../../clients/wordpress/index.js';
import { PermanentError, PlumeError } from '../../../errors/index.js';
import type { Article } from '../contract.js';
import { plainText, PLAIN_LIMITS } from '../plain-text.js';
import { seoMeta } from '../../../clients/wordpress/seo.js';
import { conflictData } from '../../../clients/wordpress/answers.js';
import { canonicalMeta } from '../../../clients/wordpress/canonical.js';

/** Tag put on drafts whose checks still fail after the last repair, so editors find them. */
export const NEEDS_REVIEW_TAG = 'à relire';

/** Set by the companion plugin alone: the user who wrote the draft, whoever its author is. */
export const WRITER_META = '_plume_writer';

/** Who wrote `post` for Plume: the companion plugin's record, else (drafts of plugin 1.3) the author. */
export function writerOf(post: Pick<WpPost, 'author' | 'meta'>): number {
  const writer = Number(post.meta[WRITER_META] ?? 0);
  return Number.isInteger(writer) && writer > 0 ? writer : post.author;
}

export const contentHash = (content: string): string => createHash('sha256').update(content.trim()).digest('hex');

/** The model's slug made safe for a URL: ASCII, lower case, hyphens, at most 90 characters. */
export function safeSlug(slug: string, fallback: string): string {
  const make = (s: string) =>
    slugify(s, { lower: true, strict: true, locale: 'fr', trim: true })
      .slice(0, 90)
      .replace(/-+$/, '');
  return make(slug) || make(fallback);
}

export interface DraftInput {
  article: Article;
  /** Block markup of the article with its additions (image, links, source). */
  content: string;
  sourceKey: string;
  categories: number[];
  tags: number[];
  featuredMedia: number | undefined;
  /** JSON of the check report, kept with the post for editors. */
  report: string;
  /** `draft` unless the item or its site asks for `pending`. */
  status?: 'draft' | 'pending' | undefined;
  /** ISO 8601 with zone: when the post is to appear, stored on the draft (Plume never publishes). */
  date?: string | undefined;
  /** The author's user id, checked beforehand (`resolveAuthor`); Plume's own user when absent. */
  author?: number | undefined;
  /** The SEO plugins the site runs: their meta is written, and Plume's own always (alone when none). */
  seoPlugins?: readonly SeoPlugin[] | undefined;
  /** The source's address, written as each SEO plugin's canonical; only for a site that asks for it. */
  canonicalUrl?: string | undefined;
}

/** An ISO 8601 instant as WordPress's `date_gmt`: UTC, to the second, without zone. */
export const wordpressGmt = (iso: string): string => new Date(iso).toISOString().slice(0, 19);

/**
 * Every field of the draft, with the SEO meta of each plugin the site runs. Only the content
 * (rendered escaped) is markup; every other field is made plain text here again, whatever
 * produced the article.
 */
export function draftFields(input: DraftInput): WpPostFields {
  const plain = (field: keyof typeof PLAIN_LIMITS & keyof Article) => plainText(input.article[field] as string, PLAIN_LIMITS[field]);
  const article = {
    title: plain('title'),
    seo_title: plain('seo_title'),
    focus_keyword: plain('focus_keyword'),
    meta_description: plain('meta_description'),
    excerpt: plain('excerpt'),
  };
  return {
    title: article.title,
    content: input.content,
    slug: safeSlug(plainText(input.article.slug), article.focus_keyword),
    excerpt: article.excerpt,
    status: input.status ?? 'draft',
    ...(input.date === undefined ? {} : { date_gmt: wordpressGmt(input.date) }),
    ...(input.author === undefined ? {} : { author: input.author }),
    categories: input.categories,
    tags: input.tags,
    featured_media: input.featuredMedia ?? 0,
    meta: {
      [META.sourceKey]: input.sourceKey,
      [META.report]: input.report,
      [META.contentHash]: contentHash(input.content),
      [META.plumeFocusKeyword]: article.focus_keyword,
      [META.plumeSeoTitle]: article.seo_title,
      [META.plumeMetaDescription]: article.meta_description,
      ...seoMeta(input.seoPlugins ?? [], { focusKeyword: article.focus_keyword, title: article.seo_title, description: article.meta_description }),
      ...(input.canonicalUrl === undefined ? {} : canonicalMeta(input.seoPlugins ?? [], input.canonicalUrl)),
    },
  };
}

const sameSet = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

/**
 * What WordPress did not keep of what was sent. WordPress answers 200 while dropping
 * unregistered meta and unknown term or media ids, so every field is compared on read-back.
 */
export function fieldsNotStored(sent: WpPostFields, stored: WpPost): string[] {
  const lost: string[] = [];
  if (stored.title.raw !== sent.title) lost.push('title');
  if (stored.content.raw.trim() !== sent.content.trim()) lost.push('content');
  if (stored.excerpt.raw !== sent.excerpt) lost.push('excerpt');
  // WordPress suffixes a slug another post already uses (`-2`): the draft still has its own address.
  if (!new RegExp(`^${sent.slug}(-\\d+)?$`).test(stored.slug)) lost.push(`slug (sent "${sent.slug}", stored "${stored.slug}")`);
  if (sent.author !== undefined && stored.author !== sent.author) lost.push(`author (sent ${sent.author}, stored ${stored.author})`);
  if (stored.status !== sent.status) lost.push(`status (sent "${sent.status}", stored "${stored.status}")`);
  if (sent.date_gmt !== undefined && stored.date_gmt !== sent.date_gmt) lost.push(`date (sent "${sent.date_gmt}" UTC, stored "${stored.date_gmt ?? ''}")`);
  if (!sameSet(stored.categories, sent.categories)) lost.push('categories');
  if (!sameSet(stored.tags, sent.tags)) lost.push('tags');
  if (stored.featured_media !== sent.featured_media) lost.push('featured_media');
  for (const [key, value] of Object.entries(sent.meta)) {
    if ((stored.meta[key] ?? '') !== value) lost.push(`meta ${key}`);
  }
  return lost;
}

/**
 * Why `post` is not Plume's draft, or undefined when it is: Plume's own WordPress user created it
 * (`plumeUserId`), it is still a draft, and its content is what Plume last wrote (the stored hash
 * matches). The companion plugin applies the same rule before it writes.
 */
export function notPlumesDraft(post: WpPost, plumeUserId: number): string | undefined {
  if (!['draft', 'pending'].includes(post.status)) return `post ${post.id} has status "${post.status}": Plume only writes drafts`;
  if (writerOf(post) !== plumeUserId) return `post ${post.id} was created by WordPress user ${writerOf(post)}, not by Plume's user (${plumeUserId})`;
  const writtenHash = String(post.meta[META.contentHash] ?? '');
  if (writtenHash === '' || contentHash(post.content.raw) !== writtenHash) return `draft ${post.id} was edited since Plume wrote it`;
  return undefined;
}

/**
 * After a write that got no answer (timed out, cut, 5xx): the write may have landed. It did when
 * Plume's draft for this source now holds exactly the content that was sent.
 */
async function landedDraft(fields: WpPostFields, sourceKey: string, wordpress: Pick<WordPressClient, 'posts' | 'site'>): Promise<WpPost | null> {
  const [post, me] = await Promise.all([wordpress.posts.findBySourceKey(sourceKey), wordpress.site.currentUserId()]);
  if (post === null || notPlumesDraft(post, me) !== undefined) return null;
  return post.meta[META.contentHash] === fields.meta[META.contentHash] ? post : null;
}

/**
 * Creates the draft for this source, or updates the one Plume made before (found by source key,
 * never by slug), in one call to the companion plugin that holds a per-source lock in WordPress,
 * then reads it back. A post of this source that is not Plume's draft (another author's, published,
 * edited since Plume wrote it) is never touched: the job fails naming it. A write whose answer
 * never came is an unknown outcome, settled by reading back before anything is tried again.
 */
export async function publishDraft(
  fields: WpPostFields,
  sourceKey: string,
  wordpress: Pick<WordPressClient, 'posts' | 'site'>,
  options: {
    /** The draft an earlier attempt of this job created: removed like a new one if it cannot be completed. */
    ownPostId?: number | undefined;
    /** Called as soon as WordPress has the new draft, before reading it back. */
    onCreated: (postId: number) => Promise<void>;
  },
): Promise<WpPost> {
  let saved: { outcome: SavedDraft['outcome'] | 'landed'; post: WpPost };
  try {
    saved = await wordpress.posts.saveDraft(sourceKey, fields);
  } catch (error) {
    if (error instanceof WordPressRestError && error.status === 409) {
      const postId = conflictData.safeParse(error.data).data?.post_id;
      throw new PermanentError(error.message, {
        code: 'publish_conflict',
        params: { post: String(postId ?? '?') },
        step: 'publish',
        input: `post ${String(postId ?? '?')}`,
        cause: error,
      });
    }
    if (!(error instanceof PlumeError && error.retryable)) throw error;
    const landed = await landedDraft(fields, sourceKey, wordpress).catch(() => null);
    if (landed === null) throw error;
    saved = { outcome: 'landed', post: landed };
  }
  const postId = saved.post.id;
  // The plugin checks the author too; a draft written as another user is never Plume's to keep.
  const me = await wordpress.site.currentUserId();
  if (writerOf(saved.post) !== me) {
    throw new PermanentError(`WordPress saved post ${postId} as user ${writerOf(saved.post)}, not as Plume's user (${me}): update the Plume companion plugin.`, {
      code: 'publish_wrong_author',
      params: { post: postId },
      step: 'publish',
      input: `post ${postId}`,
    });
  }
  const createdNow = saved.outcome !== 'updated';
  if (createdNow) await options.onCreated(postId);
  const stored = await wordpress.posts.get(postId);
  const lost = fieldsNotStored(fields, stored);
  if (lost.length > 0) {
    // A draft this job created but WordPress did not fully keep is removed: no half-written post stays.
    let removal = '';
    if (createdNow || postId === options.ownPostId) {
      try {
        await wordpress.posts.remove(postId);
        removal = ' (the new draft was removed)';
      } catch (error) {
        removal = ` (removing the new draft failed too: ${error instanceof Error ? error.message : String(error)})`;
      }
    }
    const metaHint = lost.some((f) => f.startsWith('meta '))
      ? ' Meta fields are dropped when the Plume companion plugin is not installed (see README).'
      : '';
    throw new PermanentError(`WordPress did not store: ${lost.join(', ')} of post ${postId}${removal}.${metaHint}`, {
      code: 'publish_fields_lost',
      params: { fields: lost.join(', '), post: postId },
      step: 'publish',
      input: `post ${postId}`,
    });
  }
  return stored;
}
