import type { ArticlePayload } from '../article/payload.js';
import { normaliseText } from '../article/source-key.js';
import type { FeedEntry } from './parse.js';

/** What a feed's settings say about which entries become articles and how. */
export interface FeedRules {
  category?: string | undefined;
  tags?: string[] | undefined;
  language?: string | undefined;
  site?: string | undefined;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  /** Entries dated before this are old news; undated ones count as old until a poll has run. */
  since: Date;
  firstPoll: boolean;
}

/** Below this many letters and digits the feed's body is a teaser: the page at the link is fetched. */
export const FULL_CONTENT_MIN_CHARS = 600;

const words = (text: string) => ` ${normaliseText(text)} `;

/** Keywords match whole words of the title, summary or body, ignoring case, accents kept. */
export function passesKeywords(entry: FeedEntry, rules: Pick<FeedRules, 'include' | 'exclude'>): boolean {
  const haystack = words([entry.title, entry.summary, entry.content].filter(Boolean).join(' '));
  const has = (keyword: string) => haystack.includes(words(keyword));
  if (rules.include?.length && !rules.include.some(has)) return false;
  return !rules.exclude?.some(has);
}

export function isRecent(entry: FeedEntry, rules: Pick<FeedRules, 'since' | 'firstPoll'>): boolean {
  if (!entry.published) return !rules.firstPoll;
  return entry.published.getTime() >= rules.since.getTime();
}

/** A one-line title: feeds put newlines and markup in titles, which the article payload refuses. */
const oneLineTitle = (title: string | undefined) => {
  const plain = title?.replace(/<[^>]*>/g, ' ').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return plain ? plain.slice(0, 300) : undefined;
};

/**
 * The article item an entry becomes. The link is always the `url`, so the source key is the
 * normalised link whatever the feed later edits; the body goes as `html` when the feed carries
 * the whole article, otherwise the clean step fetches the page at the link.
 */
export function entryPayload(entry: FeedEntry, rules: FeedRules): Record<string, unknown> {
  const body = entry.content && normaliseText(entry.content).length >= FULL_CONTENT_MIN_CHARS ? entry.content : undefined;
  const title = oneLineTitle(entry.title);
  return {
    url: entry.link,
    ...(body ? { html: body } : {}),
    ...(title ? { title } : {}),
    ...(rules.language ? { language: rules.language } : {}),
    ...(rules.category ? { category: rules.category } : {}),
    ...(rules.tags?.length ? { tags: rules.tags } : {}),
    ...(rules.site ? { site: rules.site } : {}),
    ...(entry.image ? { image_url: entry.image } : {}),
  } satisfies Partial<Record<keyof ArticlePayload, unknown>>;
}

/** Newest first, so a `max_per_poll` cut keeps the freshest and leaves the rest for the next poll. */
export function byNewest(entries: FeedEntry[]): FeedEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (b.entry.published?.getTime() ?? 0) - (a.entry.published?.getTime() ?? 0) || a.index - b.index)
    .map(({ entry }) => entry);
}
