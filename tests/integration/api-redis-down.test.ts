import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../config/index.js';
import { createArticleQueue, serverRedisConnection } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { fixture } from '../helpers/fixtures.js';
import { TEST_API_TOKEN } from '../helpers/plume.js';
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';
import { startStaticServer } from '../helpers/static-server.js';

/** Stands in for WordPress's REST index, which is all `/readyz` asks of it. */
let wordpress: Awaited<ReturnType<typeof startStaticServer>>;
let redis: OwnRedis;
before(async () => {
  wordpress = await startStaticServer({ '/': { type: 'application/json', body: '{"name":"test"}' } });
  redis = await startOwnRedis();
});
after(async () => {
  await redis.close();
  await wordpress.close();
});

const item = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-pyongyang' };

/** The HTTP server as `npm run server` builds it, against the test's own Redis. */
async function startApi(wordpressUrl: string) {
  const config = loadConfig(
    { REDIS_URL: redis.url, PLUME_QUEUE_PREFIX: 'plume-api-test', PLUME_API_TOKEN: TEST_API_TOKEN, LOG_LEVEL: 'silent', WP_URL: wordpressUrl },
    ['server'],
  );
  const connection = serverRedisConnection(config);
  connection.on('error', () => {});
  const queue = createArticleQueue(config, connection);
  queue.on('error', () => {});
  const app: FastifyInstance = await buildApp({ queue, redis: connection, wordpressUrl, apiToken: TEST_API_TOKEN, logger: createLogger('silent', 'api-test') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // A bound on each request, so a hanging route fails the test instead of stalling it.
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  };
  return {
    base,
    call,
    connection,
    close: async () => {
      await app.close();
      await queue.close().catch(() => {});
      connection.disconnect();
    },
  };
}

const whenReady = async (connection: { status: string }) => {
  while (connection.status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 50));
};

test('Redis down: every route that needs it answers 503 with Retry-After, /healthz 200, /readyz names Redis; an enqueue never lands later', async () => {
  const api = await startApi(wordpress.url);
  try {
    await whenReady(api.connection);
    assert.equal((await api.call('GET', '/readyz')).status, 200);

    // Cut: the server refuses connections.
    await redis.stop();
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/api/articles', item],
      ['GET', '/api/articles'],
      ['GET', '/api/articles/src-x'],
      ['POST', '/api/articles/src-x/retry'],
    ];
    for (const [method, path, body] of routes) {
      const answer = await api.call(method, path, body);
      assert.equal(answer.status, 503, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.code, 'redis_unavailable');
      assert.equal(answer.retryAfter, '1');
    }
    assert.equal((await api.call('GET', '/healthz')).status, 200);
    const readyz = await api.call('GET', '/readyz');
    assert.equal(readyz.status, 503);
    assert.deepEqual(readyz.body.missing, ['redis']);
    assert.equal(readyz.body.wordpress, 'ok');
    assert.equal((await api.call('GET', '/health')).status, 503, '/health is /readyz');
    assert.equal((await fetch(`${api.base}/metrics`, { signal: AbortSignal.timeout(10_000) })).status, 200, '/metrics answers without the queue depth');

    // Frozen: connections stay open, nothing answers; the command timeout ends each request.
    await redis.start();
    await whenReady(api.connection);
    redis.pause();
    const frozen = await api.call('POST', '/api/articles', item);
    assert.equal(frozen.status, 503, JSON.stringify(frozen.body));
    assert.equal(frozen.body.code, 'redis_unavailable');
    redis.resume();

    // Back: the refused enqueues did not land behind the clients' backs.
    await whenReady(api.connection);
    assert.deepEqual((await api.call('GET', '/api/articles')).body.articles, []);
    const accepted = await api.call('POST', '/api/articles', item);
    assert.equal(accepted.status, 202);
    assert.equal((await api.call('GET', `/api/articles/${accepted.body.id}`)).body.state, 'waiting');
  } finally {
    await api.close();
  }
});

test('Redis down at start: the server starts, reports not ready, and serves once Redis is back', async () => {
  await redis.stop();
  const api = await startApi('http://127.0.0.1:9');
  try {
    assert.equal((await api.call('GET', '/healthz')).status, 200);
    const readyz = await api.call('GET', '/readyz');
    assert.equal(readyz.status, 503);
    assert.deepEqual(readyz.body.missing, ['redis', 'wordpress'], JSON.stringify(readyz.body));
    // Readiness needs no token: it names what is missing, never where it is.
    assert.doesNotMatch(JSON.stringify(readyz.body), /127\.0\.0\.1|:9\b|localhost/, JSON.stringify(readyz.body));
    const refused = await api.call('GET', '/api/articles');
    assert.equal(refused.status, 503);
    assert.doesNotMatch(JSON.stringify(refused.body), /127\.0\.0\.1/, JSON.stringify(refused.body));
    assert.equal((await fetch(`${api.base}/metrics`, { signal: AbortSignal.timeout(10_000) })).status, 200);

    await redis.start();
    await whenReady(api.connection);
    assert.equal((await api.call('GET', '/api/articles')).status, 200);
    assert.deepEqual((await api.call('GET', '/readyz')).body.missing, ['wordpress']);
  } finally {
    await api.close();
  }
});

test('a request made while the first Redis connection is still being made waits for it and is served', async () => {
  // Frozen before the server starts: its connection opens but gets no answer until resumed.
  redis.pause();
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    api = await startApi(wordpress.url);
    assert.notEqual(api.connection.status, 'ready');
    const resume = setTimeout(() => redis.resume(), 300);
    const listed = await api.call('GET', '/api/articles');
    clearTimeout(resume);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
  } finally {
    redis.resume();
    await api?.close();
  }
});
