import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotAFeedError, parseFeedDocument } from '../../jobs/feeds/parse.js';
import { entryPayload, isRecent, passesKeywords } from '../../jobs/feeds/select.js';

const RSS2 = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Fil</title><link>https://news.example.fr/</link>
<item><title>Premier
 titre <b>gras</b></title><link>/a1</link><description>Résumé</description>
<content:encoded><![CDATA[<p>Corps</p>]]></content:encoded><media:content url="https://img.example.fr/1.jpg" medium="image"/>
<dc:date>2026-03-01T08:00:00Z</dc:date></item>
<item><title>Deux</title><link>https://news.example.fr/a2</link><enclosure url="https://img.example.fr/2.jpg" type="image/jpeg" length="10"/><pubDate>Sun, 01 Mar 2026 09:00:00 GMT</pubDate></item>
<item><title>Sans lien</title></item>
</channel></rss>`;

const RSS1 = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.fr/"><title>RDF</title><link>https://news.example.fr/</link><description>d</description></channel>
<item rdf:about="https://news.example.fr/r1"><title>R1</title><link>https://news.example.fr/r1</link><description>d</description><dc:date>2026-03-02T10:00:00+01:00</dc:date></item>
</rdf:RDF>`;

const ATOM = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom</title><id>urn:x</id><updated>2026-03-03T00:00:00Z</updated>
<entry><title>E1</title><id>urn:e1</id><link rel="alternate" href="https://news.example.fr/e1"/><link rel="enclosure" type="image/png" href="https://img.example.fr/e1.png"/>
<updated>2026-03-03T12:00:00Z</updated><summary>S</summary><content type="html">&lt;p&gt;C&lt;/p&gt;</content></entry></feed>`;

describe('parseFeedDocument (feedsmith)', () => {
  it('RSS 2.0: relative links, content:encoded, media:content, enclosure, dc:date and pubDate; entries without a link dropped', () => {
    const feed = parseFeedDocument(RSS2, 'application/rss+xml', 'https://news.example.fr/feed');
    assert.equal(feed.title, 'Fil');
    assert.deepEqual(
      feed.entries.map((e) => [e.link, e.content, e.image, e.published?.toISOString()]),
      [
        ['https://news.example.fr/a1', '<p>Corps</p>', 'https://img.example.fr/1.jpg', '2026-03-01T08:00:00.000Z'],
        ['https://news.example.fr/a2', undefined, 'https://img.example.fr/2.jpg', '2026-03-01T09:00:00.000Z'],
      ],
    );
  });
  it('RSS 1.0 with dc:date, and Atom 1.0 with content and an image enclosure link', () => {
    const rdf = parseFeedDocument(RSS1, 'application/rdf+xml', 'https://news.example.fr/rdf');
    assert.equal(rdf.format, 'rdf');
    assert.deepEqual(rdf.entries.map((e) => [e.link, e.published?.toISOString()]), [['https://news.example.fr/r1', '2026-03-02T09:00:00.000Z']]);
    const atom = parseFeedDocument(ATOM, 'application/atom+xml', 'https://news.example.fr/atom');
    assert.deepEqual(
      atom.entries.map((e) => [e.link, e.title, e.summary, e.content, e.image]),
      [['https://news.example.fr/e1', 'E1', 'S', '<p>C</p>', 'https://img.example.fr/e1.png']],
    );
  });
  it('says what a document that is not a feed is', () => {
    assert.throws(() => parseFeedDocument('<!doctype html><html><head><title>Accueil</title></head></html>', 'text/html; charset=utf-8', 'https://x.fr/'), (e: unknown) =>
      e instanceof NotAFeedError && e.found === 'an HTML page (text/html, title "Accueil")');
    assert.throws(() => parseFeedDocument('<?xml version="1.0"?><sitemap/>', 'application/xml', 'https://x.fr/'), /root element is <sitemap>/);
  });
});

describe('entry selection', () => {
  const entry = parseFeedDocument(RSS2, 'application/rss+xml', 'https://news.example.fr/feed').entries[0]!;
  it('a short body is a teaser: only the url goes, the page is fetched; the title becomes one plain line', () => {
    assert.deepEqual(entryPayload(entry, { since: new Date(0), firstPoll: true, category: 'Monde' }), {
      url: 'https://news.example.fr/a1', title: 'Premier titre gras', category: 'Monde', image_url: 'https://img.example.fr/1.jpg',
    });
  });
  it('keywords match whole words, case and markup ignored; since and undated entries on the first poll', () => {
    assert.equal(passesKeywords(entry, { include: ['premier'] }), true);
    assert.equal(passesKeywords(entry, { include: ['prem'] }), false);
    assert.equal(passesKeywords(entry, { exclude: ['CORPS'] }), false);
    assert.equal(isRecent(entry, { since: new Date('2026-03-01T09:00:00Z'), firstPoll: false }), false);
    assert.equal(isRecent({ ...entry, published: undefined }, { since: new Date(0), firstPoll: true }), false);
    assert.equal(isRecent({ ...entry, published: undefined }, { since: new Date(0), firstPoll: false }), true);
  });
});
