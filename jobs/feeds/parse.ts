import { parseFeed } from 'feedsmith';

/** One entry of a feed, reduced to what an article job needs. */
export interface FeedEntry {
  link: string;
  title: string | undefined;
  /** The full body when the feed carries one (`content:encoded`, Atom `content`), else undefined. */
  content: string | undefined;
  summary: string | undefined;
  published: Date | undefined;
  image: string | undefined;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | undefined;
  entries: FeedEntry[];
}

/** The document is not a feed; `found` says what it is instead, for the editor. */
export class NotAFeedError extends Error {
  constructor(readonly found: string) {
    super(`not an RSS or Atom feed: ${found}`);
    this.name = 'NotAFeedError';
  }
}

type Loose = Record<string, any>;

const textOf = (value: unknown): string | undefined => {
  const raw = typeof value === 'string' ? value : value && typeof value === 'object' ? (value as Loose).value : undefined;
  return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
};

const dateOf = (...values: unknown[]): Date | undefined => {
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
};

/** An absolute http(s) address, resolved against the feed's own address; anything else is dropped. */
const absolute = (value: unknown, base: string): string | undefined => {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
};

const isImage = (m: Loose) => (typeof m.type === 'string' && m.type.startsWith('image/')) || m.medium === 'image';

/** `media:content` / `media:thumbnail` / `media:group`, then an image `enclosure`. */
function imageOf(item: Loose, base: string): string | undefined {
  const media: Loose = item.media ?? {};
  const candidates: Loose[] = [
    ...(media.contents ?? []).filter((m: Loose) => isImage(m) || (!m.type && !m.medium)),
    ...(media.group?.contents ?? []).filter(isImage),
    ...(media.thumbnails ?? []),
    ...(item.enclosures ?? []).filter(isImage),
    ...(item.enclosure && isImage(item.enclosure) ? [item.enclosure] : []),
  ];
  for (const candidate of candidates) {
    const url = absolute(candidate.url, base);
    if (url) return url;
  }
  return undefined;
}

function rssEntry(item: Loose, base: string): FeedEntry | undefined {
  const link = absolute(item.link, base) ?? (item.guid?.isPermaLink !== false ? absolute(item.guid?.value, base) : undefined);
  if (!link) return undefined;
  return {
    link,
    title: textOf(item.title) ?? textOf(item.dc?.titles?.[0]),
    content: textOf(item.content?.encoded),
    summary: textOf(item.description),
    published: dateOf(item.pubDate, ...(item.dc?.dates ?? []), item.dc?.date),
    image: imageOf(item, base),
  };
}

function atomEntry(entry: Loose, base: string): FeedEntry | undefined {
  const links: Loose[] = entry.links ?? [];
  const alternate = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
  const link = absolute(alternate?.href, base);
  if (!link) return undefined;
  const enclosures = links.filter((l) => l.rel === 'enclosure' && typeof l.type === 'string' && l.type.startsWith('image/'));
  return {
    link,
    title: textOf(entry.title),
    content: textOf(entry.content),
    summary: textOf(entry.summary),
    published: dateOf(entry.published, entry.updated, ...(entry.dc?.dates ?? [])),
    image: imageOf(entry, base) ?? absolute(enclosures[0]?.href, base),
  };
}

/** What a document that is not a feed looks like: its content type and root element or page title. */
export function describeNonFeed(body: string, contentType: string): string {
  const type = contentType.split(';')[0]?.trim() || 'no content type';
  const title = /<title[^>]*>([^<]{1,120})/i.exec(body)?.[1]?.trim();
  if (/<html[\s>]/i.test(body)) return `an HTML page (${type}${title ? `, title "${title}"` : ''})`;
  const root = /<([A-Za-z][\w:.-]*)/.exec(body.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, ''))?.[1];
  if (root) return `an XML document whose root element is <${root}> (${type})`;
  return body.trim() ? `${type}, not XML` : `an empty answer (${type})`;
}

/**
 * Reads RSS 2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed. Entries without an http(s) link are
 * dropped: the link is what identifies an entry across polls. Throws `NotAFeedError` naming
 * what the document is, and lets feedsmith's error through for a feed whose XML is broken.
 */
export function parseFeedDocument(body: string, contentType: string, feedUrl: string): ParsedFeed {
  let parsed: { format: string; feed: Loose };
  try {
    parsed = parseFeed(body) as { format: string; feed: Loose };
  } catch (error) {
    if (/unrecognized feed format/i.test((error as Error).message)) throw new NotAFeedError(describeNonFeed(body, contentType));
    throw new NotAFeedError(`a document that cannot be read as a feed (${(error as Error).message})`);
  }
  const { format, feed } = parsed;
  const entries =
    format === 'atom'
      ? ((feed.entries ?? []) as Loose[]).map((e) => atomEntry(e, feedUrl))
      : format === 'json'
        ? ((feed.items ?? []) as Loose[]).map((i) =>
            rssEntry({ ...i, link: i.url, content: { encoded: i.content_html }, description: i.summary, pubDate: i.date_published, enclosures: i.image ? [{ url: i.image, type: 'image/*' }] : [] }, feedUrl),
          )
        : ((feed.items ?? []) as Loose[]).map((i) => rssEntry(i, feedUrl));
  return {
    format: format as ParsedFeed['format'],
    title: textOf(feed.title),
    entries: entries.filter((e): e is FeedEntry => e !== undefined),
  };
}
