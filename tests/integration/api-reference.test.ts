import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { RedisConnection } from '../../clients/redis/connect.js';
import type { Queue } from 'bullmq';
import { loadConfig } from '../../config/index.js';
import { createFeedQueue } from '../../jobs/feeds/scheduler.js';
import { createArticleQueue, serverRedisConnection, type ArticleJobData } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { ROUTE_DOCS } from '../../server/openapi.js';
import { ERROR_CODES } from '../../errors/codes.js';
import { TEST_API_TOKEN } from '../helpers/plume.js';
import { useRedisPrefix } from '../helpers/redis.js';

let app: FastifyInstance;
let queue: Queue<ArticleJobData>;
let serverRedis: RedisConnection;
let feedQueue: ReturnType<typeof createFeedQueue>;
let cleanup: () => Promise<void>;

before(async () => {
  const redis = await useRedisPrefix();
  const config = loadConfig({ REDIS_URL: redis.redisUrl, PLUME_QUEUE_PREFIX: redis.prefix, PLUME_API_TOKEN: TEST_API_TOKEN }, ['server']);
  serverRedis = serverRedisConnection(config);
  await new Promise((resolve) => serverRedis.once('ready', resolve));
  queue = createArticleQueue(config, serverRedis);
  feedQueue = createFeedQueue(serverRedis, redis.prefix);
  // Every optional part of the API on, so that every route is registered: feeds and two sites.
  app = await buildApp({
    queue,
    redis: serverRedis,
    apiToken: TEST_API_TOKEN,
    logger: createLogger('silent', 'api-reference-test'),
    sites: { names: ['default', 'second'], defaultName: 'default' },
    feeds: { queue: feedQueue, fetchFeed: async () => Promise.reject(new Error('no feed is read here')), minuteMs: 60_000 },
  });
  cleanup = redis.cleanup;
});
after(async () => {
  await app.close();
  await queue.close();
  await feedQueue.close();
  await serverRedis.quit();
  await cleanup();
});

const bearer = { authorization: `Bearer ${TEST_API_TOKEN}` };

/**
 * Every route Fastify registered, as `METHOD /path/{param}`, read from its own route tree
 * (`printRoutes`), not from the OpenAPI document: a route the document leaves out is found here.
 */
function registeredRoutes(fastify: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3}|[├└]── )*?)(?:[├└]── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes.sort();
}

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

  test('every /api route Fastify registered is in the document with its params, body, answers and errors', async () => {
    const api = registeredRoutes(app).filter((route) => / \/api\//.test(route) && !/ \/api\/(docs|openapi\.json)/.test(route));
    // The tree reader itself: routes it must see, or the check below proves nothing.
    for (const route of ['GET /api/articles', 'POST /api/articles/{id}/retry', 'PATCH /api/feeds/{id}', 'GET /api/sites', 'DELETE /api/session']) assert.ok(api.includes(route), `${route} in ${api.join(', ')}`);
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json', headers: bearer })).json() as {
      paths: Record<string, Record<string, { summary?: string; parameters?: Array<{ name: string; in: string; schema?: unknown }>; requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: Record<string, unknown> }>>;
    };
    const missing: string[] = [];
    for (const route of api) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      if (!op?.summary) {
        missing.push(`${route}: no entry`);
        continue;
      }
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name && p.schema)) missing.push(`${route}: path parameter ${name}`);
      }
      if (['POST', 'PATCH', 'PUT'].includes(method) && route !== 'POST /api/articles/{id}/retry') {
        const content = op.requestBody?.content ?? {};
        if (!Object.values(content).some((c) => c.schema)) missing.push(`${route}: request body schema`);
      }
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((code) => /^2/.test(code))) missing.push(`${route}: no success answer`);
      // Every /api route but sign-in sits behind authentication: it can answer 401 and 503 (Redis away).
      for (const code of route === 'POST /api/session' ? ['400', '401', '429'] : ['401', '503']) if (!codes.includes(code)) missing.push(`${route}: error ${code}`);
      if (/\{id\}/.test(path) && !codes.includes('404')) missing.push(`${route}: error 404`);
      if (op.requestBody && !['400', '413', '415'].every((code) => codes.includes(code))) missing.push(`${route}: errors 400, 413, 415 of a body`);
    }
    assert.deepEqual(missing, [], 'server/openapi.ts ROUTE_DOCS');
  });

  test('every stable error code is listed where answers carry one: the error body and each field issue', async () => {
    const doc: unknown = (await app.inject({ method: 'GET', url: '/api/openapi.json', headers: bearer })).json();
    // Each schema with a `code` property, named by its other properties: an issue has `field`, the error body `issues`.
    const found = new Map<string, unknown>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, { enum?: unknown }> }).properties;
      if (properties?.['code']) {
        if (properties['issues']) found.set('error body', properties['code'].enum);
        if (properties['field']) found.set('field issue', properties['code'].enum);
      }
      Object.values(node).forEach(walk);
    };
    walk(doc);
    const all = Object.keys(ERROR_CODES).sort();
    for (const where of ['error body', 'field issue']) {
      const listed = found.get(where);
      assert.ok(Array.isArray(listed), `${where}: its code lists the stable codes`);
      assert.deepEqual([...(listed as string[])].sort(), all, where);
    }
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

describe('GET /api/sites and the site filter', () => {
  test('lists the configured sites, the default first; the default site’s jobs are found by its name', async () => {
    const sites = await app.inject({ method: 'GET', url: '/api/sites', headers: bearer });
    assert.deepEqual(sites.json(), { sites: [{ name: 'default', default: true }, { name: 'second', default: false }] });
    assert.equal((await app.inject({ method: 'GET', url: '/api/sites' })).statusCode, 401);
    const text = (subject: string) => `${subject} : ${'une phrase de dépêche assez longue pour être acceptée par Plume. '.repeat(6)}`;
    const enqueue = async (payload: Record<string, unknown>) => {
      const answer = await app.inject({ method: 'POST', url: '/api/articles', headers: bearer, payload });
      assert.equal(answer.statusCode, 202, answer.body);
      return answer.json().id as string;
    };
    const onDefault = await enqueue({ text: text('Sur le site par défaut') });
    const named = await enqueue({ text: text('Sur le site par défaut, nommé'), site: 'default' });
    const onSecond = await enqueue({ text: text('Sur le second site'), site: 'second' });
    const listed = async (site: string) =>
      ((await app.inject({ method: 'GET', url: `/api/articles?site=${site}`, headers: bearer })).json().articles as Array<{ id: string }>).map((a) => a.id).sort();
    assert.deepEqual(await listed('default'), [onDefault, named].sort());
    assert.deepEqual(await listed('second'), [onSecond]);
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
