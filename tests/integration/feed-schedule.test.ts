import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sourceKey } from '../../jobs/article/source-key.js';
import { createLogger } from '../../observability/logger.js';
import { startFeedWorker } from '../../worker/feed-worker.js';
import { rss, startFeedServer, type TestItem } from '../helpers/feed-server.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv, startPlume, type PlumeUnderTest } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

let wp: WordPressServer;
let model: ScriptedModel;
let plume: PlumeUnderTest;
let server: Awaited<ReturnType<typeof startFeedServer>>;

before(async () => {
  wp = await startWordPress({ name: 'feeds' });
  model = await startScriptedModel();
  server = await startFeedServer();
  // An interval minute of one second: the feed below is polled every 5 s.
  plume = await startPlume({ ...servicesEnv(model, wp), PLUME_MAX_REPAIRS: '0', PLUME_FEED_MINUTE_MS: '1000' });
});
after(async () => {
  await plume.close();
  await server.close();
  await model.close();
  await wp.stop();
});

async function feedState(id: string) {
  return (await plume.api('GET', `/api/feeds/${id}`)).body;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('the scheduler polls on its interval across a worker restart; the entry is queued once and ends as one draft', async () => {
  const html = fixture('lavrov-pyongyang.fr.txt')
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.trim()}</p>`)
    .join('\n');
  const entry: TestItem = { title: 'Lavrov à Pyongyang', link: 'https://www.example-news.fr/monde/lavrov-pyongyang?utm_source=rss', date: new Date(), content: html };
  server.feeds['/wire.xml'] = { body: rss([entry]) };
  model.push({ answer: articleFixture('revised') });

  const created = await plume.api('POST', '/api/feeds', { url: `${server.url}/wire.xml`, interval: 5, since: new Date(Date.now() - 3600_000).toISOString(), category: 'Monde' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  const logger = createLogger('silent', 'feed-test');
  let worker = startFeedWorker(plume.config, logger);

  const first = await until('first poll', () => feedState(id), (f) => f.items_queued === 1);
  const jobId = sourceKey({ url: entry.link });
  assert.deepEqual(first.queued_jobs, [{ id: jobId, status_url: `/api/articles/${jobId}` }]);
  const job = await plume.waitForEnd(jobId, 240_000);
  assert.equal(job.state, 'completed', JSON.stringify(job.error));

  // The worker stops; the schedule lives in Redis and a new worker process picks it up.
  await worker.close();
  const pollBefore = (await feedState(id)).last_poll_at;
  server.feeds['/wire.xml'] = { body: rss([{ ...entry, title: 'Lavrov à Pyongyang (mis à jour)', link: entry.link.replace('?utm_source=rss', '') }]) };
  worker = startFeedWorker(plume.config, logger);
  try {
    const later = await until('two polls after the restart', () => feedState(id), (f) => f.last_poll_at > pollBefore && new Date(f.last_poll_at).getTime() - new Date(pollBefore).getTime() >= 5_000);
    await until('another poll', () => feedState(id), (f) => f.last_poll_at > later.last_poll_at);
  } finally {
    await worker.close();
  }
  const final = await feedState(id);
  assert.equal(final.items_queued, 1);
  assert.equal(final.last_outcome, 'ok');
  assert.equal(final.failures, 0);
  const posts = await wp.query("SELECT ID FROM wp_posts WHERE post_type = 'post' AND post_status = 'draft'");
  assert.equal(posts.length, 1, 'one draft');
  const metrics = await (await fetch(`${plume.baseUrl}/metrics`)).text();
  assert.match(metrics, new RegExp(`plume_feed_items_queued_total\\{feed="${id}"\\} 1`));
  const polls = Number(new RegExp(`plume_feed_polls_total\\{feed="${id}",outcome="ok"\\} (\\d+)`).exec(metrics)?.[1]);
  assert.ok(polls >= 3, `polls counted: ${polls}`);
});
