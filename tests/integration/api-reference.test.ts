import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { RedisConnection } from '../../clients/redis/connect.js';
import type { Queue } from 'bullmq';
import { loadConfig } from '../../config/index.js';
import { createArticleQueue, serverRedisConnection, type ArticleJobData } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { ROUTE_DOCS } from '../../server/openapi.js';
import { TEST_API_TOKEN } from '../helpers/plume.js';
import { useRedisPrefix } from '../helpers/redis.js';

let app: FastifyInstance;
let queue: Queue<ArticleJobData>;
let serverRedis: RedisConnection;
let cleanup: () => Promise<void>;

before(async () => {
  const redis = await useRedisPrefix();
  const config = loadConfig({ REDIS_URL: redis.redisUrl, PLUME_QUEUE_PREFIX: redis.prefix, PLUME_API_TOKEN: TEST_API_TOKEN }, ['server']);
  serverRedis = serverRedisConnection(config);
  await new Promise((resolve) => serverRedis.once('ready', resolve));
  queue = createArticleQueue(config, serverRedis);
  app = await buildApp({ queue, redis: serverRedis, apiToken: TEST_API_TOKEN, logger: createLogger('silent', 'api-reference-test') });
  cleanup = redis.cleanup;
});
after(async () => {
  await app.close();
  await queue.close();
  await serverRedis.quit();
  await cleanup();
});

const bearer = { authorization: `Bearer ${TEST_API_TOKEN}` };

describe('OpenAPI document', () => {
  test('is OpenAPI 3.1 describing every route of the API with its answers and errors', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: bearer });
    assert.equal(response.statusCode, 200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>> };
    assert.equal(doc.openapi, '3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
    const undocumented = operations.filter(({ op }) => !op.summary || !op.responses).map(({ key }) => key);
    assert.deepEqual(undocumented, [], 'every route has a summary and its answers (server/openapi.ts ROUTE_DOCS)');
    assert.deepEqual(operations.map(({ key }) => key).sort(), Object.keys(ROUTE_DOCS).sort());
    const list = doc.paths['/api/articles']!.get as unknown as { parameters: Array<{ name: string; in: string }> };
    assert.deepEqual(list.parameters.map((p) => p.name).sort(), ['cursor', 'limit', 'needs_review', 'q', 'site', 'state']);
    const remove = doc.paths['/api/articles/{id}']!.delete!;
    assert.ok(remove.responses!['409'], 'DELETE documents its 409');
    const batch = doc.paths['/api/articles/batch']!.post as unknown as { requestBody: { content: Record<string, unknown> } };
    assert.deepEqual(Object.keys(batch.requestBody.content).sort(), ['application/json', 'application/x-ndjson', 'text/csv']);
    assert.ok(!Object.keys(doc.paths).some((path) => path.startsWith('/admin') || path.startsWith('/api/docs') || path === '/'), 'pages are not API routes');
  });

  test('the document and the reference page need credentials', async () => {
    for (const url of ['/api/openapi.json', '/api/docs', '/api/docs/static/swagger-ui-bundle.js']) {
      assert.equal((await app.inject({ method: 'GET', url })).statusCode, 401, url);
      assert.equal((await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode, 401, url);
    }
    const page = await app.inject({ method: 'GET', url: '/api/docs', headers: bearer });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger-ui/i);
    assert.doesNotMatch(page.body, /https?:\/\/(?:cdn|unpkg|cdnjs)/, 'no CDN');
  });
});

describe('bull-board', () => {
  test('opens at /admin/queues with the token or a dashboard session, and not without', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/admin/queues' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/admin/queues/api/queues' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode, 401);
    const withToken = await app.inject({ method: 'GET', url: '/admin/queues', headers: bearer });
    assert.equal(withToken.statusCode, 200);
    assert.match(withToken.body, /<html/i);

    const login = await app.inject({ method: 'POST', url: '/api/session', payload: { token: TEST_API_TOKEN } });
    assert.equal(login.statusCode, 201);
    const cookie = login.cookies.find((c) => c.name === 'plume_session')!;
    const queues = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', cookies: { plume_session: cookie.value } });
    assert.equal(queues.statusCode, 200, queues.body);
    assert.match(queues.body, /"name":"articles"/);
    assert.match(queues.body, /"readOnlyMode":true/);
  });
});
