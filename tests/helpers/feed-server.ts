import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the feed server answers next; tests change it between polls. */
export interface FeedAnswer {
  body: string;
  type?: string;
  etag?: string;
  /** Never answers: a hanging feed. */
  hang?: boolean;
}

export interface FeedRequest {
  path: string;
  ifNoneMatch: string | undefined;
  userAgent: string | undefined;
}

/**
 * A feed server on loopback whose answers change between polls. With an `etag`, a request
 * carrying it gets 304, as a well-behaved server would; other paths serve `pages`.
 */
export async function startFeedServer(pages: Record<string, { type: string; body: string }> = {}) {
  const feeds: Record<string, FeedAnswer> = {};
  const requests: FeedRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, ifNoneMatch: req.headers['if-none-match'], userAgent: req.headers['user-agent'] });
    const feed = feeds[path];
    if (feed?.hang) return;
    if (feed) {
      if (feed.etag && req.headers['if-none-match'] === feed.etag) return void res.writeHead(304, { etag: feed.etag }).end();
      return void res.writeHead(200, { 'content-type': feed.type ?? 'application/rss+xml', ...(feed.etag ? { etag: feed.etag } : {}) }).end(feed.body);
    }
    const page = pages[path];
    if (page) return void res.writeHead(200, { 'content-type': page.type }).end(page.body);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    feeds,
    pages,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface TestItem {
  title: string;
  link: string;
  date: Date;
  summary?: string;
  content?: string;
  image?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function rss(items: TestItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Fil test</title><link>http://example.org/</link><description>d</description>
${items
  .map(
    (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid>${esc(i.link)}</guid><pubDate>${i.date.toUTCString()}</pubDate>
<description>${esc(i.summary ?? i.title)}</description>${i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ''}${i.image ? `<media:content url="${esc(i.image)}" medium="image"/>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atom(items: TestItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title><id>urn:test</id><updated>${new Date().toISOString()}</updated>
${items
  .map(
    (i) => `<entry><title>${esc(i.title)}</title><id>${esc(i.link)}</id><link rel="alternate" href="${esc(i.link)}"/><updated>${i.date.toISOString()}</updated><published>${i.date.toISOString()}</published>
<summary>${esc(i.summary ?? i.title)}</summary>${i.content ? `<content type="html">${esc(i.content)}</content>` : ''}${i.image ? `<link rel="enclosure" type="image/jpeg" href="${esc(i.image)}"/>` : ''}</entry>`,
  )
  .join('\n')}
</feed>`;
}
