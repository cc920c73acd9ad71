import sanitizeHtml from 'sanitize-html';
import type { Article } from './contract.js';

/**
 * Longest value Plume sends to WordPress or the SEO plugin for each plain-text field, in
 * characters. The meta description is Yoast's upper bound; the others leave room for what
 * editors write while keeping a runaway answer out of the post.
 */
export const PLAIN_LIMITS = {
  title: 200,
  seo_title: 70,
  focus_keyword: 80,
  slug: 90,
  meta_description: 156,
  excerpt: 300,
  tag: 60,
} as const;

const STRIP: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  // Elements whose content is code or a hidden fallback, never text a reader sees: dropped whole.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'template', 'xmp', 'noembed', 'noframes', 'title', 'object'],
};

/** sanitize-html decodes every entity of its input and escapes only these in its output. */
const ESCAPED: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
const unescape = (text: string): string => text.replace(/&(?:amp|lt|gt|quot);/g, (entity) => ESCAPED[entity]!);

/**
 * Tags, comments (`<!-- wp:html -->`) and the content of script-like elements removed, entities
 * decoded; repeated until nothing changes, so that `&lt;script&gt;` cannot come back as a tag.
 */
export function stripMarkup(text: string): string {
  // A line break or a block boundary separates words: "Titre<br>Suite" is two words, not one.
  let current = text.replace(/<(?=(?:br|hr|\/?(?:p|div|li|h[1-6]|td|th|tr|blockquote))\b)/gi, ' <');
  for (let round = 0; round < 8; round++) {
    const next = unescape(sanitizeHtml(current, STRIP));
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * Control characters (newlines and tabs included), line and paragraph separators, bidi
 * overrides, byte-order marks, replacement characters and lone surrogates: none belongs in a
 * one-line field, and newlines there become new prompt lines or new meta lines.
 */
const NOT_IN_A_LINE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFFD]|[\uD800-\uDFFF]/gu;

/** True when `text` holds a character a one-line field must not carry. */
export const hasLineBreakOrControl = (text: string): boolean => new RegExp(NOT_IN_A_LINE.source, 'u').test(text);

/** One line: every control character becomes a space, runs of plain spaces one (non-breaking spaces are typography, kept). */
export const singleLine = (text: string): string => text.replace(NOT_IN_A_LINE, ' ').replace(/ {2,}/g, ' ').trim();

/** At most `max` characters, cut at a word boundary when one is near, without a dangling comma or dash. */
export function capLength(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max + 1).join('');
  const lastSpace = head.search(/\s\S*$/u);
  const cut = lastSpace >= max * 0.6 ? head.slice(0, lastSpace) : chars.slice(0, max).join('');
  return cut.replace(/[\s,;:–—-]+$/u, '');
}

/**
 * What may go into a one-line field of WordPress or the SEO plugin: markup removed (not escaped
 * into visible junk), one line, no `<` or `>` left (a lone one becomes a single guillemet), and
 * at most `max` characters.
 */
export function plainText(text: string, max = Number.POSITIVE_INFINITY): string {
  const plain = singleLine(stripMarkup(text)).replace(/</g, '‹').replace(/>/g, '›');
  return capLength(plain, max);
}

/** A term name WordPress can store: something left once markup, punctuation and spaces are set aside. */
export const hasNameContent = (name: string): boolean => /[\p{L}\p{N}]/u.test(name);

/** Plain-text term names, capped; names left empty are dropped (WordPress would refuse them). */
export const plainTermNames = (names: readonly string[]): string[] =>
  names.map((name) => plainText(name, PLAIN_LIMITS.tag)).filter(hasNameContent);

/** The limit of an article field by its path (`tags[2]` is a tag). */
export const plainLimitOf = (field: string): number =>
  field.startsWith('tags[') ? PLAIN_LIMITS.tag : PLAIN_LIMITS[field as Exclude<keyof typeof PLAIN_LIMITS, 'tag'>];

/** What making an answer's fields plain text took away, by field, for the checks to report. */
export interface PlainTextRemovals {
  /** Fields that held markup (tags, comments, entities, angle brackets). */
  markup: string[];
  /** Fields longer than PLAIN_LIMITS, cut. */
  cut: string[];
}

/**
 * The model's one-line fields (everything but the body, which is rendered escaped) as plain
 * text: what WordPress and the SEO plugin will get. Tags left empty are dropped.
 */
export function plainArticle(article: Article): { article: Article; removed: PlainTextRemovals } {
  const removed: PlainTextRemovals = { markup: [], cut: [] };
  const field = (name: string, text: string, max: number): string => {
    const line = singleLine(text);
    if (stripMarkup(line) !== line || /[<>]/.test(line)) removed.markup.push(name);
    const plain = plainText(text);
    if ([...plain].length > max) removed.cut.push(name);
    return capLength(plain, max);
  };
  const plain: Article = {
    ...article,
    title: field('title', article.title, PLAIN_LIMITS.title),
    seo_title: field('seo_title', article.seo_title, PLAIN_LIMITS.seo_title),
    focus_keyword: field('focus_keyword', article.focus_keyword, PLAIN_LIMITS.focus_keyword),
    slug: field('slug', article.slug, PLAIN_LIMITS.slug),
    meta_description: field('meta_description', article.meta_description, PLAIN_LIMITS.meta_description),
    excerpt: field('excerpt', article.excerpt, PLAIN_LIMITS.excerpt),
    tags: article.tags.map((tag, i) => field(`tags[${i}]`, tag, PLAIN_LIMITS.tag)).filter(hasNameContent),
  };
  return { article: plain, removed };
}
