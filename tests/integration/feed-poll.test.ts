import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createFeedFetcher, FEED_USER_AGENT } from '../../clients/web/fetch-feed.js';
import { sourceKey } from '../../jobs/article/source-key.js';
import { pollFeed, type PollDeps } from '../../jobs/feeds/poll.js';
import { createFeedQueue, nextPoll, scheduleFeed, unscheduleFeed } from '../../jobs/feeds/scheduler.js';
import { createFeedStore, feedId, type Feed } from '../../jobs/feeds/store.js';
import { ARTICLE_QUEUE, articleJobOptions, enqueueArticle, type ArticleJobData } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { atom, rss, startFeedServer, type TestItem } from '../helpers/feed-server.js';
import { TEST_API_TOKEN } from '../helpers/plume.js';
import { useRedisPrefix } from '../helpers/redis.js';

const HOUR = 3600_000;
const LONG = '<p>' + 'Le conseil municipal a voté le budget de la nouvelle ligne de tramway après un long débat. '.repeat(12) + '</p>';

describe('feed polls (real Redis, feed server on loopback)', () => {
  let prefix: Awaited<ReturnType<typeof useRedisPrefix>>;
  let redis: Redis;
  let articles: Queue<ArticleJobData>;
  let feeds: ReturnType<typeof createFeedQueue>;
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let store: ReturnType<typeof createFeedStore>;
  let deps: PollDeps;

  before(async () => {
    prefix = await useRedisPrefix();
    redis = new Redis(prefix.redisUrl, { maxRetriesPerRequest: null });
    articles = new Queue<ArticleJobData>(ARTICLE_QUEUE, { connection: redis, prefix: prefix.prefix, defaultJobOptions: articleJobOptions() });
    feeds = createFeedQueue(redis, prefix.prefix);
    server = await startFeedServer({ '/page/teaser': { type: 'text/html', body: `<html><body><article>${LONG}</article></body></html>` } });
    store = createFeedStore(redis, prefix.prefix);
    deps = {
      store,
      fetchFeed: createFeedFetcher({ allowPrivateHosts: true, timeoutMs: 1_500 }),
      enqueue: (payload) => enqueueArticle(articles, payload),
      unschedule: (id) => unscheduleFeed(feeds, id),
      maxFailures: 3,
    };
  });
  after(async () => {
    await server.close();
    await articles.close();
    await feeds.close();
    redis.disconnect();
    await prefix.cleanup();
  });

  async function register(path: string, since: Date, extra: Partial<Feed> = {}): Promise<Feed> {
    const url = `${server.url}${path}`;
    const feed: Feed = {
      id: feedId(url), url, interval: 15, max_per_poll: 10, since: since.toISOString(), created_at: new Date().toISOString(),
      state: 'active', failures: 0, items_found: 0, items_queued: 0, polled_ok: false, ...extra,
    };
    assert.equal(await store.create(feed), true);
    return feed;
  }
  const item = (name: string, date: Date, extra: Partial<TestItem> = {}): TestItem => ({
    title: `Article ${name}`, link: `${server.url}/news/${name}?utm_source=rss`, date, content: LONG, ...extra,
  });
  const jobIds = async () => (await articles.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).map((j) => j.id).sort();

  for (const [format, render] of [['RSS 2.0', rss], ['Atom 1.0', atom]] as const) {
    it(`${format}: new, edited and reordered entries are each queued once; nothing older than the registration`, async () => {
      const path = `/${format.split(' ')[0]!.toLowerCase()}.xml`;
      const registered = new Date();
      const feed = await register(path, registered);
      const before = new Set(await jobIds());
      const old = item(`${path}-old`, new Date(registered.getTime() - 48 * HOUR));
      const a = item(`${path}-a`, new Date(registered.getTime() + 1_000));
      server.feeds[path] = { body: render([a, old]), type: 'application/xml' };
      const first = await pollFeed(deps, feed.id);
      assert.equal(first.outcome, 'ok');
      assert.deepEqual(first.outcome === 'ok' && first.queued, [sourceKey({ url: a.link })]);

      // b is new; a is edited (title, content) and moved below b; the old entry stays.
      const b = item(`${path}-b`, new Date(registered.getTime() + 2_000));
      const aEdited = { ...a, title: 'Article a, corrigé', content: LONG + '<p>Correction.</p>', link: a.link.replace('?utm_source=rss', '#top') };
      server.feeds[path] = { body: render([old, b, aEdited]), type: 'application/xml' };
      const second = await pollFeed(deps, feed.id);
      assert.deepEqual(second.outcome === 'ok' && second.queued, [sourceKey({ url: b.link })]);
      server.feeds[path] = { body: render([aEdited, b, old]), type: 'application/xml' };
      const third = await pollFeed(deps, feed.id);
      assert.deepEqual(third.outcome === 'ok' && third.queued, []);

      const added = (await jobIds()).filter((id) => !before.has(id));
      assert.deepEqual(added.sort(), [sourceKey({ url: a.link }), sourceKey({ url: b.link })].sort());
      const job = await articles.getJob(sourceKey({ url: a.link }));
      assert.equal(job?.data.payload.html, LONG, 'a full entry goes as html: no page fetch');
      const stored = await store.get(feed.id);
      assert.equal(stored?.items_queued, 2);
      assert.deepEqual(await store.queued(feed.id), [sourceKey({ url: b.link }), sourceKey({ url: a.link })]);
    });
  }

  it('an item enqueued by hand first is not queued again by the feed; since in the past takes older entries', async () => {
    const feed = await register('/manual.xml', new Date(Date.now() - 72 * HOUR));
    const manual = item('manual', new Date(Date.now() - 24 * HOUR));
    const other = item('other', new Date(Date.now() - 25 * HOUR));
    await enqueueArticle(articles, { url: manual.link.replace('?utm_source=rss', '') });
    server.feeds['/manual.xml'] = { body: rss([manual, other]) };
    const result = await pollFeed(deps, feed.id);
    assert.deepEqual(result.outcome === 'ok' && result.queued, [sourceKey({ url: other.link })]);
  });

  it('a summary-only entry is queued as its url (the page is fetched by the job) with its media:content image', async () => {
    const feed = await register('/teaser.xml', new Date(Date.now() - HOUR));
    const teaser = { ...item('x', new Date()), link: `${server.url}/page/teaser`, content: undefined, summary: 'Court résumé.', image: `${server.url}/img.jpg` };
    server.feeds['/teaser.xml'] = { body: rss([teaser]) };
    const result = await pollFeed(deps, feed.id);
    const job = await articles.getJob(sourceKey({ url: teaser.link }));
    assert.deepEqual(result.outcome === 'ok' && result.queued, [job?.id]);
    assert.deepEqual(job?.data.payload, { url: teaser.link, title: 'Article x', image_url: teaser.image });
  });

  it('include / exclude keywords and max_per_poll: the rest waits for the next poll', async () => {
    const feed = await register('/keywords.xml', new Date(Date.now() - HOUR), { include: ['tramway'], exclude: ['football'], max_per_poll: 1 });
    const now = Date.now();
    const t1 = item('t1', new Date(now - 1_000), { title: 'Tramway: le budget voté' });
    const t2 = item('t2', new Date(now - 2_000), { title: 'Tramway: les travaux', content: LONG });
    const foot = item('foot', new Date(now - 3_000), { title: 'Tramway et football' });
    const off = item('off', new Date(now - 4_000), { title: 'Météo', content: '<p>' + 'Il pleut sur la ville. '.repeat(40) + '</p>' });
    server.feeds['/keywords.xml'] = { body: rss([off, foot, t2, t1]) };
    const first = await pollFeed(deps, feed.id);
    assert.deepEqual(first.outcome === 'ok' && first.queued, [sourceKey({ url: t1.link })]);
    const second = await pollFeed(deps, feed.id);
    assert.deepEqual(second.outcome === 'ok' && second.queued, [sourceKey({ url: t2.link })]);
  });

  it('sends ETag back and takes a 304 as "not modified", with a User-Agent naming Plume', async () => {
    const feed = await register('/etag.xml', new Date());
    server.feeds['/etag.xml'] = { body: rss([]), etag: '"v1"' };
    assert.equal((await pollFeed(deps, feed.id)).outcome, 'ok');
    assert.equal((await pollFeed(deps, feed.id)).outcome, 'not_modified');
    const seen = server.requests.filter((r) => r.path === '/etag.xml');
    assert.deepEqual(seen.map((r) => r.ifNoneMatch), [undefined, '"v1"']);
    assert.equal(seen[0]?.userAgent, FEED_USER_AGENT);
    assert.equal((await store.get(feed.id))?.last_outcome, 'not_modified');
  });

  it('broken XML and a hanging server fail the poll, named; three failures in a row pause the feed and stop its scheduler', async () => {
    const feed = await register('/bad.xml', new Date());
    await scheduleFeed(feeds, feed, 60_000);
    assert.ok(await nextPoll(feeds, feed.id));
    server.feeds['/bad.xml'] = { body: '<rss version="2.0"><channel><item><title>coupé</ti' };
    const broken = await pollFeed(deps, feed.id);
    assert.equal(broken.outcome, 'failed');
    assert.match(broken.outcome === 'failed' ? broken.error : '', /not an RSS or Atom feed/);
    server.feeds['/bad.xml'] = { body: '', hang: true };
    const hung = await pollFeed(deps, feed.id);
    assert.equal(hung.outcome, 'failed');
    assert.match(hung.outcome === 'failed' ? hung.error : '', /Could not fetch the feed \((ECONNABORTED|ETIMEDOUT)/);
    const third = await pollFeed(deps, feed.id);
    assert.equal(third.outcome, 'paused');
    const stored = await store.get(feed.id);
    assert.equal(stored?.state, 'paused');
    assert.equal(stored?.failures, 3);
    assert.match(stored?.paused_reason ?? '', /3 failed polls in a row/);
    assert.match(stored?.last_error ?? '', /Could not fetch the feed/);
    assert.equal(await feeds.getJobScheduler(feed.id), undefined, 'no scheduler polls a paused feed');
    assert.deepEqual(await pollFeed(deps, feed.id), { outcome: 'skipped', reason: 'feed paused' });
  });

  it('site: the same entry on two feeds for two sites makes one job each; an unknown site is a 400 naming it', async () => {
    const app = await buildApp({
      queue: articles, redis, apiToken: TEST_API_TOKEN, logger: createLogger('silent', 'test'),
      sites: { names: ['default', 'sport'], defaultName: 'default' },
      feeds: { queue: feeds, fetchFeed: deps.fetchFeed, minuteMs: 60_000 },
    });
    const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
      const r = await app.inject({ method, url, headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, ...(payload ? { payload: payload as object } : {}) });
      return { status: r.statusCode, body: JSON.parse(r.body) };
    };
    try {
      const since = new Date(Date.now() - HOUR).toISOString();
      const entry = item('both-sites', new Date());
      // Two addresses of one feed document: one feed per site.
      for (const path of ['/site-main.xml', '/site-sport.xml']) server.feeds[path] = { body: rss([entry]) };
      const unknown = await call('POST', '/api/feeds', { url: `${server.url}/site-main.xml`, site: 'culture' });
      assert.equal(unknown.status, 400);
      assert.deepEqual([unknown.body.issues[0].field, unknown.body.issues[0].code, unknown.body.issues[0].params.site], ['site', 'field_unknown_site', 'culture']);
      const main = await call('POST', '/api/feeds', { url: `${server.url}/site-main.xml`, since, site: 'default' });
      const sport = await call('POST', '/api/feeds', { url: `${server.url}/site-sport.xml`, since, site: 'sport' });
      assert.deepEqual([main.status, main.body.site, sport.status, sport.body.site], [201, 'default', 201, 'sport']);
      assert.equal((await call('PATCH', `/api/feeds/${sport.body.id}`, { site: 'culture' })).body.issues[0].code, 'field_unknown_site');
      const listed = (await call('GET', '/api/feeds')).body.feeds;
      assert.equal(listed.find((f: Feed) => f.id === sport.body.id).site, 'sport');

      const fromMain = await pollFeed(deps, main.body.id);
      const fromSport = await pollFeed(deps, sport.body.id);
      const mainKey = sourceKey({ url: entry.link });
      const sportKey = sourceKey({ url: entry.link, site: 'sport' });
      assert.notEqual(mainKey, sportKey);
      assert.deepEqual([fromMain.outcome === 'ok' && fromMain.queued, fromSport.outcome === 'ok' && fromSport.queued], [[mainKey], [sportKey]]);
      assert.equal((await articles.getJob(sportKey))?.data.payload.site, 'sport');
      assert.equal((await articles.getJob(mainKey))?.data.payload.site, undefined, 'the default site is no site: the key a hand-made job has');
      assert.deepEqual((await call('GET', `/api/feeds/${sport.body.id}`)).body.queued_jobs.map((j: { id: string }) => j.id), [sportKey]);
    } finally {
      await app.close();
    }
  });

  it('API: 400 naming the field, 422 saying what was found, 201 with its scheduler, pause/resume, delete', async () => {
    const app = await buildApp({
      queue: articles, redis, apiToken: TEST_API_TOKEN, logger: createLogger('silent', 'test'),
      feeds: { queue: feeds, fetchFeed: deps.fetchFeed, minuteMs: 60_000 },
    });
    const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
      const r = await app.inject({ method, url, headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, ...(payload ? { payload: payload as object } : {}) });
      return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
    };
    try {
      const bad = await call('POST', '/api/feeds', { url: `${server.url}/api.xml`, interval: 2 });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.issues[0].field, 'interval');
      assert.equal((await call('POST', '/api/feeds', { url: 'ftp://x' })).body.issues[0].field, 'url');
      assert.equal((await call('POST', '/api/feeds', { url: `${server.url}/api.xml`, tags: ['<b>x</b>'] })).body.issues[0].field, 'tags.0');
      const notFeed = await call('POST', '/api/feeds', { url: `${server.url}/page/teaser` });
      assert.equal(notFeed.status, 422);
      assert.equal(notFeed.body.code, 'feed_not_a_feed');
      assert.match(notFeed.body.message, /an HTML page \(text\/html/);

      server.feeds['/api.xml'] = { body: rss([]) };
      const created = await call('POST', '/api/feeds', { url: `${server.url}/api.xml`, category: 'Monde', interval: 30 });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.interval, 30);
      assert.equal(created.body.title, 'Fil test');
      assert.ok(created.body.next_poll_at, 'scheduled');
      const id = created.body.id;
      assert.equal((await call('POST', '/api/feeds', { url: `${server.url}/api.xml` })).body.duplicate, true);

      const paused = await call('PATCH', `/api/feeds/${id}`, { state: 'paused' });
      assert.equal(paused.body.state, 'paused');
      assert.equal(paused.body.next_poll_at, null);
      assert.equal(await feeds.getJobScheduler(id), undefined);
      const resumed = await call('PATCH', `/api/feeds/${id}`, { state: 'active', interval: 5 });
      assert.equal(resumed.body.state, 'active');
      assert.equal((await feeds.getJobScheduler(id))?.every, 5 * 60_000);
      assert.equal((await call('PATCH', `/api/feeds/${id}`, { max_per_poll: 0 })).body.issues[0].field, 'max_per_poll');

      const listed = await call('GET', '/api/feeds');
      assert.ok(listed.body.feeds.some((f: Feed) => f.id === id));
      assert.equal((await call('DELETE', `/api/feeds/${id}`)).status, 204);
      assert.equal((await call('GET', `/api/feeds/${id}`)).status, 404);
      assert.equal(await feeds.getJobScheduler(id), undefined);
    } finally {
      await app.close();
    }
  });
});
