import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createFeedFetcher } from '../../clients/web/fetch-feed.js';
import { loadConfig } from '../../config/index.js';
import { sourceKey } from '../../jobs/article/source-key.js';
import { createFeedQueue } from '../../jobs/feeds/scheduler.js';
import { createArticleQueue, serverRedisConnection } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { startFeedWorker } from '../../worker/feed-worker.js';
import { launchChromium } from '../helpers/chromium.js';
import { rss, startFeedServer } from '../helpers/feed-server.js';
import { useRedisPrefix } from '../helpers/redis.js';

const TOKEN = '3b8e0c7a91d24f56a8e1c09b7d6f4a2e5c1b8d9f0a7e6c3b2d4f1a9e8c7b6d5a';
const LONG = '<p>' + 'Le conseil municipal a voté le budget de la nouvelle ligne de tramway après un long débat. '.repeat(12) + '</p>';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test('an editor adds a feed on the Flux panel and sees its entries appear as jobs', async () => {
  const prefix = await useRedisPrefix();
  const server = await startFeedServer();
  const config = loadConfig(
    { REDIS_URL: prefix.redisUrl, PLUME_QUEUE_PREFIX: prefix.prefix, PLUME_API_TOKEN: TOKEN, PLUME_ALLOW_PRIVATE_URLS: 'true', PLUME_FEED_MINUTE_MS: '1000', LOG_LEVEL: 'silent' },
    ['server'],
  );
  const logger = createLogger('silent', 'feeds-browser');
  const redis = serverRedisConnection(config);
  const queue = createArticleQueue(config, redis);
  const feedQueue = createFeedQueue(redis, config.queuePrefix);
  const app = await buildApp({
    queue, redis, apiToken: TOKEN, logger,
    // What server/start-server.ts passes for a single WP_* site.
    sites: { names: ['default'], defaultName: 'default' },
    feeds: { queue: feedQueue, fetchFeed: createFeedFetcher({ allowPrivateHosts: true }), minuteMs: config.feeds.minuteMs },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const worker = startFeedWorker(config, logger);
  const page = await browser.newPage();
  try {
    const later = new Date(Date.now() + 60_000);
    const items = ['un', 'deux'].map((name) => ({ title: `Tramway ${name}`, link: `https://news.example.fr/tram-${name}`, date: later, content: LONG }));
    server.feeds['/flux.xml'] = { body: rss(items) };
    await page.goto(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`);
    await page.locator('#token').fill(TOKEN);
    await page.locator('#sign-in').click();
    await page.locator('#sign-out').waitFor({ state: 'visible' });

    await page.locator('#feed-url').fill(`${server.url}/page-that-is-not-there`);
    await page.locator('#feed-form button[type=submit]').click();
    await page.locator('#feed-error').waitFor({ state: 'visible' });
    assert.match(await page.locator('#feed-error').innerText(), /flux/);

    await page.locator('#feed-url').fill(`${server.url}/flux.xml`);
    await page.locator('#feed-interval').fill('5');
    await page.locator('#feed-form button[type=submit]').click();
    const card = page.locator('[data-feed-id]');
    await card.waitFor({ state: 'visible' });
    assert.match(await card.innerText(), /Fil test/);
    assert.match(await card.innerText(), /site : default\b/, 'the feed names its site');
    await page.locator('[data-job-link]').nth(1).waitFor({ state: 'visible', timeout: 60_000 });
    const links = await page.locator('[data-job-link]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.sort(), items.map((i) => `/job?id=${encodeURIComponent(sourceKey({ url: i.link }))}`).sort());
    assert.match(await card.innerText(), /mis en file : 2/);

    await card.getByRole('button', { name: 'Mettre en pause' }).click();
    await card.getByRole('button', { name: 'Reprendre' }).waitFor({ state: 'visible' });
    assert.match(await card.innerText(), /en pause/);
    await card.getByRole('button', { name: 'Supprimer' }).click();
    await page.locator('#feeds-empty').waitFor({ state: 'visible' });
  } finally {
    await page.close();
    await worker.close();
    await app.close();
    await feedQueue.close();
    await queue.close();
    redis.disconnect();
    await server.close();
    await prefix.cleanup();
  }
});
