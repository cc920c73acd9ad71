import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { RedisConnection } from '../../clients/redis/connect.js';
import { UnrecoverableError, Worker, type Queue } from 'bullmq';
import { loadConfig } from '../../config/index.js';
import { ARTICLE_QUEUE, createArticleQueue, redisConnection, serverRedisConnection, type ArticleJobData } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { BATCH_MAX_ITEMS } from '../../server/batch-items.js';
import { TEST_API_TOKEN } from '../helpers/plume.js';
import { useRedisPrefix } from '../helpers/redis.js';

const newsText = (subject: string) =>
  `${subject}. La décision a été annoncée mardi matin lors d'une conférence de presse. Selon les responsables, ` +
  `les premiers effets seront visibles dès le mois prochain, tandis que plusieurs associations demandent davantage ` +
  `de concertation avec les habitants concernés par ces changements.`;

let app: FastifyInstance;
let queue: Queue<ArticleJobData>;
let serverRedis: RedisConnection;
let config: ReturnType<typeof loadConfig>;
let cleanup: () => Promise<void>;

before(async () => {
  const redis = await useRedisPrefix();
  config = loadConfig({ REDIS_URL: redis.redisUrl, PLUME_QUEUE_PREFIX: redis.prefix, PLUME_API_TOKEN: TEST_API_TOKEN }, ['server']);
  serverRedis = serverRedisConnection(config);
  await new Promise((resolve) => serverRedis.once('ready', resolve));
  queue = createArticleQueue(config, serverRedis);
  app = await buildApp({ queue, redis: serverRedis, apiToken: TEST_API_TOKEN, logger: createLogger('silent', 'api-operate-test') });
  cleanup = redis.cleanup;
});
after(async () => {
  await app.close();
  await queue.close();
  await serverRedis.quit();
  await cleanup();
});

async function api(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, contentType?: string) {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${TEST_API_TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) },
    ...(payload === undefined ? {} : { payload: payload as string }),
  });
  return { status: response.statusCode, body: response.body === '' ? undefined : (response.json() as any) };
}

async function enqueue(title: string): Promise<string> {
  const answer = await api('POST', '/api/articles', { text: newsText(title), title });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  return answer.body.id as string;
}

/** Runs a real BullMQ worker until the given jobs are finished: titles with "Échec" fail, others complete. */
async function finish(ids: string[]): Promise<void> {
  const worker = new Worker<ArticleJobData>(
    ARTICLE_QUEUE,
    async (job) => {
      if (job.data.payload.title?.includes('Échec')) throw new UnrecoverableError('the model refused');
      return { title: `Article : ${job.data.payload.title}`, needs_review: job.data.payload.title?.includes('relire') === true };
    },
    { connection: redisConnection(config), prefix: config.queuePrefix },
  );
  try {
    for (;;) {
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      if (states.every((s) => s === 'completed' || s === 'failed')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await worker.close();
  }
}

describe('GET /api/articles', () => {
  const ids: Record<string, string> = {};

  before(async () => {
    ids.review = await enqueue('Le tramway de Lyon à relire');
    ids.clean = await enqueue('Le métro de Marseille');
    ids.failed = await enqueue('Échec du téléphérique de Brest');
    await finish([ids.review!, ids.clean!, ids.failed!]);
    for (let i = 0; i < 5; i++) ids[`waiting${i}`] = await enqueue(`Dépêche en attente numéro ${i}`);
  });

  test('pages through every job with a cursor, newest first, each job once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await api('GET', `/api/articles?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.articles.length <= 3);
      seen.push(...page.body.articles.map((a: { id: string }) => a.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), Object.values(ids).sort());
    assert.equal(seen[0], ids.waiting4, 'newest first');
  });

  test('a poll that sends the last ETag gets an empty 304 until the list changes', async () => {
    const poll = (etag?: string) =>
      app.inject({ method: 'GET', url: '/api/articles?limit=50', headers: { authorization: `Bearer ${TEST_API_TOKEN}`, ...(etag ? { 'if-none-match': etag } : {}) } });
    const first = await poll();
    const etag = first.headers.etag as string;
    assert.equal(first.statusCode, 200);
    assert.match(etag, /^"[\w-]+"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    const same = await poll(etag);
    assert.deepEqual([same.statusCode, same.body], [304, '']);
    assert.equal(same.headers.etag, etag);
    assert.equal((await poll('"another"')).statusCode, 200);
    const late = await enqueue('Une dépêche qui change la liste');
    const changed = await poll(etag);
    assert.equal(changed.statusCode, 200, 'a new job changes the answer');
    assert.equal(changed.json().articles[0].id, late);
    assert.notEqual(changed.headers.etag, etag);
    assert.equal((await api('DELETE', `/api/articles/${late}`)).status, 204);
  });

  test('a job enqueued between two pages does not shift the next page', async () => {
    const first = await api('GET', '/api/articles?limit=2');
    const late = await enqueue('Une dépêche arrivée pendant la lecture');
    const second = await api('GET', `/api/articles?limit=2&cursor=${first.body.next_cursor}`);
    const all = await api('GET', '/api/articles?limit=200');
    const order = all.body.articles.map((a: { id: string }) => a.id);
    assert.deepEqual(
      second.body.articles.map((a: { id: string }) => a.id),
      order.slice(order.indexOf(first.body.articles[1].id) + 1, order.indexOf(first.body.articles[1].id) + 3),
    );
    assert.equal(order[0], late);
    assert.equal((await api('DELETE', `/api/articles/${late}`)).status, 204);
  });

  test('filters by state, needs_review and title words (case and accents ignored)', async () => {
    const ofQuery = async (query: string) => (await api('GET', `/api/articles?${query}`)).body.articles.map((a: { id: string }) => a.id);
    assert.deepEqual(await ofQuery('state=failed'), [ids.failed]);
    assert.deepEqual(await ofQuery('needs_review=true'), [ids.review]);
    assert.ok(!(await ofQuery('needs_review=false')).includes(ids.review));
    assert.deepEqual(await ofQuery('q=TELEPHERIQUE%20brest'), [ids.failed]);
    assert.deepEqual(await ofQuery(`q=${encodeURIComponent('métro')}&state=completed`), [ids.clean]);
    assert.deepEqual(await ofQuery('site=autre-site'), [], 'no job is for another site');
  });

  test('refuses an unknown state, a bad limit, a forged cursor and unknown parameters, naming each', async () => {
    for (const [query, field] of [
      ['state=done', 'state'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=abc', 'cursor'],
      ['sort=title', 'sort'],
    ] as const) {
      const answer = await api('GET', `/api/articles?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.code, 'validation_failed');
      assert.equal(answer.body.issues[0].field, field, query);
      assert.equal(typeof answer.body.issues[0].code, 'string', query);
    }
  });
});

describe('DELETE /api/articles/:id', () => {
  test('removes a waiting or a failed job; refuses a completed one with 409 naming its state', async () => {
    const done = await enqueue('Une dépêche déjà rédigée');
    const failed = await enqueue('Échec de la dépêche à supprimer');
    await finish([done, failed]);
    const waiting = await enqueue('Une dépêche à retirer de la file');
    assert.equal((await api('DELETE', `/api/articles/${waiting}`)).status, 204);
    assert.equal(await queue.getJob(waiting), undefined);
    assert.equal((await api('DELETE', `/api/articles/${failed}`)).status, 204);
    const refused = await api('DELETE', `/api/articles/${done}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.state, 'completed');
    assert.match(refused.body.message, /is completed/);
    assert.equal(refused.body.code, 'job_not_removable');
    assert.ok(await queue.getJob(done), 'the completed job is kept');
    assert.equal((await api('DELETE', `/api/articles/${waiting}`)).status, 404);
    assert.equal((await api('DELETE', '/api/articles/meta')).status, 404);
  });
});

describe('POST /api/articles/batch', () => {
  test('JSON Lines: each line queued, duplicate with the existing id, or refused alone with its line number', async () => {
    const existing = await enqueue('Une dépêche déjà en file avant le lot');
    const body = [
      JSON.stringify({ url: 'https://example.org/actualite/une' }),
      '',
      '{"url": "https://example.org/oublie"',
      JSON.stringify({ text: newsText('Une dépêche déjà en file avant le lot'), title: 'Une dépêche déjà en file avant le lot' }),
      JSON.stringify({ url: 'pas une adresse' }),
      JSON.stringify({ url: 'https://example.org/actualite/une' }),
    ].join('\n');
    const answer = await api('POST', '/api/articles/batch', body, 'application/x-ndjson');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const [first, broken, duplicate, bad, again] = answer.body.results;
    assert.equal(first.line, 1);
    assert.equal(first.status, 'queued');
    assert.deepEqual([broken.line, broken.status], [3, 'refused']);
    assert.match(broken.error, /JSON/);
    assert.equal(broken.issues[0].code, 'line_not_json');
    assert.deepEqual([duplicate.line, duplicate.status, duplicate.id], [4, 'duplicate', existing]);
    assert.deepEqual([bad.line, bad.status, bad.issues[0].field], [5, 'refused', 'url']);
    assert.deepEqual([again.status, again.id], ['duplicate', first.id], 'the same source twice in one batch is one job');
    assert.deepEqual([answer.body.queued, answer.body.duplicate, answer.body.refused], [1, 2, 2]);
  });

  test('CSV with a header row; a JSON array; the documented maximum refuses the whole batch', async () => {
    const csv = 'url,title,tags\nhttps://example.org/csv/a,"Lyon, la ligne T6","Lyon, tramway"\nhttps://example.org/csv/b\nnot-a-url,Titre,\n';
    const answer = await api('POST', '/api/articles/batch', csv, 'text/csv');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(
      answer.body.results.map((r: { line: number; status: string }) => [r.line, r.status]),
      [
        [2, 'queued'],
        [3, 'refused'],
        [4, 'refused'],
      ],
    );
    const job = await queue.getJob(answer.body.results[0].id);
    assert.deepEqual(job?.data.payload, { url: 'https://example.org/csv/a', title: 'Lyon, la ligne T6', tags: ['Lyon', 'tramway'] });
    assert.match(answer.body.results[1].error, /cells/);
    assert.deepEqual(answer.body.results[1].issues[0].params, { expected: 3, found: 1 });

    const array = await api('POST', '/api/articles/batch', [{ url: 'https://example.org/json/a' }, 42]);
    assert.deepEqual(
      array.body.results.map((r: { status: string }) => r.status),
      ['queued', 'refused'],
    );

    const tooMany = Array.from({ length: BATCH_MAX_ITEMS + 1 }, (_, i) => ({ url: `https://example.org/trop/${i}` }));
    const before = (await queue.getJobCounts('waiting')).waiting;
    const refused = await api('POST', '/api/articles/batch', tooMany);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'batch_invalid');
    assert.deepEqual([refused.body.issues[0].code, refused.body.issues[0].params], ['batch_too_many', { count: BATCH_MAX_ITEMS + 1, max: BATCH_MAX_ITEMS }]);
    assert.match(refused.body.message, new RegExp(`at most ${BATCH_MAX_ITEMS}`));
    assert.equal((await queue.getJobCounts('waiting')).waiting, before, 'nothing of a refused batch is queued');
    const unknownColumn = await api('POST', '/api/articles/batch', 'adresse\nhttps://example.org/x\n', 'text/csv');
    assert.equal(unknownColumn.status, 400);
    assert.match(unknownColumn.body.message, /Unknown CSV column adresse/);
    assert.deepEqual([unknownColumn.body.code, unknownColumn.body.issues[0].code, unknownColumn.body.issues[0].params.unknown], ['batch_invalid', 'batch_csv_columns', 'adresse']);
  });
});
