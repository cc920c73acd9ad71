import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { RedisConnection as Redis } from '../../clients/redis/connect.js';
import { loadConfig } from '../../config/index.js';
import { sourceKey } from '../../jobs/article/source-key.js';
import { createArticleQueue, serverRedisConnection, type ArticleJobData } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { clientKey, MAX_AUTH_FAILURES } from '../../server/auth.js';
import type { Queue } from 'bullmq';
import { TEST_API_TOKEN } from '../helpers/plume.js';
import { useRedisPrefix } from '../helpers/redis.js';

const text =
  'La métropole de Lyon prolonge la ligne T6 du tramway jusqu’au campus de La Doua. La décision a été annoncée mardi ' +
  'lors d’une conférence de presse ; les travaux commenceront au printemps et dureront deux ans selon la métropole.';

let app: FastifyInstance;
let queue: Queue<ArticleJobData>;
let serverRedis: Redis;
let cleanup: () => Promise<void>;
const logLines: string[] = [];

before(async () => {
  const redis = await useRedisPrefix();
  const config = loadConfig({ REDIS_URL: redis.redisUrl, PLUME_QUEUE_PREFIX: redis.prefix, PLUME_API_TOKEN: TEST_API_TOKEN }, ['server']);
  // The server's own fail-fast connection, connected before the first request as at start-up.
  serverRedis = serverRedisConnection(config);
  await new Promise((resolve) => serverRedis.once('ready', resolve));
  queue = createArticleQueue(config, serverRedis);
  const logger = createLogger('info', 'api-auth-test', { write: (line: string) => void logLines.push(line) });
  app = await buildApp({ queue, redis: serverRedis, apiToken: TEST_API_TOKEN, logger });
  cleanup = redis.cleanup;
});
after(async () => {
  await app.close();
  await queue.close();
  await serverRedis.quit();
  await cleanup();
});

const bearer = (token = TEST_API_TOKEN) => ({ authorization: `Bearer ${token}` });

describe('ids that are not Plume job ids', () => {
  test('answer 404 on read and retry, for BullMQ key names and anything else', async () => {
    const names = ['meta', 'events', 'completed', 'failed', 'stalled-check', 'id', 'wait', 'active', 'delayed', 'src-unknown', 'SRC-' + 'a'.repeat(32), 'src-' + 'g'.repeat(32), '%2e%2e', '*'];
    for (const name of names) {
      for (const [method, url] of [['GET', `/api/articles/${name}`], ['POST', `/api/articles/${name}/retry`]] as const) {
        const response = await app.inject({ method, url, headers: bearer() });
        assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      }
    }
    // A well-formed id that was never enqueued is looked up, and is unknown too.
    const unknown = sourceKey({ text: 'jamais mise en file' });
    assert.equal((await app.inject({ method: 'GET', url: `/api/articles/${unknown}`, headers: bearer() })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: `/api/articles/${unknown}/retry`, headers: bearer() })).statusCode, 404);
    assert.deepEqual(await queue.getJobCounts('waiting', 'failed'), { waiting: 0, failed: 0 });
  });
});

describe('failed authentication', () => {
  test(`is limited per address: ${MAX_AUTH_FAILURES} failures, then 429 with Retry-After even for the right token; each failure logged without the token`, async () => {
    logLines.length = 0;
    const attacker = '198.51.100.7';
    const guesses = Array.from({ length: MAX_AUTH_FAILURES }, (_, i) => `wrong-guess-${i}-0123456789abcdef0123456789`);
    for (const guess of guesses) {
      const response = await app.inject({ method: 'GET', url: '/api/articles', headers: bearer(guess), remoteAddress: attacker });
      assert.equal(response.statusCode, 401);
    }
    const blocked = await app.inject({ method: 'GET', url: '/api/articles', headers: bearer('one-more-guess'), remoteAddress: attacker });
    assert.equal(blocked.statusCode, 429);
    const retryAfter = Number(blocked.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${blocked.headers['retry-after']}`);
    // Once over the limit the right token is refused too, or a 200 would tell which guess was right.
    assert.equal((await app.inject({ method: 'GET', url: '/api/articles', headers: bearer(), remoteAddress: attacker })).statusCode, 429);
    const login = await app.inject({ method: 'POST', url: '/api/session', payload: { token: TEST_API_TOKEN }, remoteAddress: attacker });
    assert.equal(login.statusCode, 429, 'the dashboard sign-in counts the same failures');
    // Another client is not affected.
    assert.equal((await app.inject({ method: 'GET', url: '/api/articles', headers: bearer(), remoteAddress: '198.51.100.8' })).statusCode, 200);

    const failures = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'authentication failed');
    assert.equal(failures.length, MAX_AUTH_FAILURES);
    for (const entry of failures) {
      assert.equal(entry.level, 40, 'logged as a warning');
      assert.equal(entry.ip, attacker);
      assert.equal(entry.reason, 'wrong bearer token');
    }
    const all = logLines.join('\n');
    for (const secret of [TEST_API_TOKEN, ...guesses, 'one-more-guess']) assert.ok(!all.includes(secret), `the log shows ${secret}`);
  });

  test('parallel guesses cannot outrun the count', async () => {
    const attacker = '203.0.113.9';
    const answers = await Promise.all(
      Array.from({ length: 3 * MAX_AUTH_FAILURES }, (_, i) =>
        app.inject({ method: 'GET', url: '/api/articles', headers: bearer(`parallel-${i}`), remoteAddress: attacker }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    assert.equal(statuses.filter((s) => s === 401).length, MAX_AUTH_FAILURES);
    assert.equal(statuses.filter((s) => s === 429).length, 2 * MAX_AUTH_FAILURES);
  });

  test('an IPv6 client counts as its /64 network, an IPv4-mapped one as its IPv4 address', async () => {
    const network = '2001:db8:77:1';
    for (let i = 0; i < MAX_AUTH_FAILURES; i++) {
      const response = await app.inject({ method: 'GET', url: '/api/articles', headers: bearer('wrong'), remoteAddress: `${network}::${(i + 1).toString(16)}` });
      assert.equal(response.statusCode, 401);
    }
    const sameNetwork = await app.inject({ method: 'GET', url: '/api/articles', headers: bearer(), remoteAddress: `${network}:ffff:1:2:3` });
    assert.equal(sameNetwork.statusCode, 429, 'a new address in the same /64 is still refused');
    const otherNetwork = await app.inject({ method: 'GET', url: '/api/articles', headers: bearer(), remoteAddress: '2001:db8:77:2::1' });
    assert.equal(otherNetwork.statusCode, 200);
    assert.equal(clientKey('::ffff:198.51.100.7'), '198.51.100.7');
  });

  test('right credentials spend nothing: many requests from one address all pass', async () => {
    for (let i = 0; i < MAX_AUTH_FAILURES * 2; i++) {
      assert.equal((await app.inject({ method: 'GET', url: '/api/articles', headers: bearer(), remoteAddress: '192.0.2.50' })).statusCode, 200);
    }
  });
});

describe('dashboard sessions', () => {
  const client = '192.0.2.77';

  async function signIn(headers: Record<string, string> = {}) {
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { token: TEST_API_TOKEN }, remoteAddress: client, headers });
    assert.equal(response.statusCode, 201, response.body);
    const setCookie = String(response.headers['set-cookie']);
    const cookie = /^plume_session=([^;]+)/.exec(setCookie)?.[1];
    assert.ok(cookie, setCookie);
    return { setCookie, cookie, csrf: response.json().csrf as string };
  }

  test('sign-in sets an HttpOnly, SameSite=Strict session cookie that does not hold the token', async () => {
    const empty = await app.inject({ method: 'POST', url: '/api/session', payload: { token: '' }, remoteAddress: client });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().issues[0].field, 'token');
    const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { token: 'not-it' }, remoteAddress: client });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.headers['set-cookie'], undefined);

    const { setCookie, cookie, csrf } = await signIn();
    assert.match(setCookie, /; HttpOnly/i);
    assert.match(setCookie, /; SameSite=Strict/i);
    assert.match(setCookie, /; Path=\//i);
    assert.doesNotMatch(setCookie, /; Secure/i, 'plain http: a Secure cookie would never come back');
    assert.ok(!decodeURIComponent(cookie).includes(TEST_API_TOKEN));
    assert.ok(csrf.length >= 32 && !csrf.includes(TEST_API_TOKEN));
    assert.match((await signIn({ 'x-forwarded-proto': 'https' })).setCookie, /; Secure/i, 'Secure behind https');
  });

  test('the cookie reads the API; changes need the CSRF value; sign-out ends the session', async () => {
    const { cookie, csrf } = await signIn();
    const headers = { cookie: `plume_session=${cookie}` };
    assert.equal((await app.inject({ method: 'GET', url: '/api/articles', headers, remoteAddress: client })).statusCode, 200);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/session', headers, remoteAddress: client })).json(), { csrf });

    // What a forged cross-site form or script would send: the cookie, not the header.
    for (const forged of [{}, { 'x-plume-csrf': 'guess' }]) {
      const refused = await app.inject({ method: 'POST', url: '/api/articles', headers: { ...headers, ...forged }, payload: { text }, remoteAddress: client });
      assert.equal(refused.statusCode, 403, refused.body);
    }
    assert.equal((await queue.getJobCounts('waiting')).waiting, 0, 'nothing queued without the CSRF value');
    const accepted = await app.inject({ method: 'POST', url: '/api/articles', headers: { ...headers, 'x-plume-csrf': csrf }, payload: { text }, remoteAddress: client });
    assert.equal(accepted.statusCode, 202, accepted.body);

    assert.equal((await app.inject({ method: 'DELETE', url: '/api/session', headers, remoteAddress: client })).statusCode, 403, 'sign-out needs it too');
    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { ...headers, 'x-plume-csrf': csrf }, remoteAddress: client });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /^plume_session=;.*Expires=Thu, 01 Jan 1970/i);
    assert.equal((await app.inject({ method: 'GET', url: '/api/articles', headers, remoteAddress: client })).statusCode, 401, 'the old cookie is dead');
    await queue.obliterate({ force: true });
  });

  test('a made-up session cookie is a failed authentication', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/articles', headers: { cookie: 'plume_session=made-up' }, remoteAddress: '192.0.2.99' });
    assert.equal(response.statusCode, 401);
  });
});
