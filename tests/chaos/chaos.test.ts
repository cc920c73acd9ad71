import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { loadConfig } from '../../config/index.js';
import { ARTICLE_QUEUE, createArticleQueue, enqueueArticle, type ArticleJobData } from '../../jobs/queue.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv } from '../helpers/plume.js';
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';
import { startScriptedModel, type ScriptedModel, type ScriptStep } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

/**
 * Two worker processes, 30 items, and what an operator saw go wrong: workers SIGKILLed at
 * random (seeded) moments, Redis gone longer than the job lock while WordPress answers slowly,
 * WordPress refusing connections, a model that is slow, fails with 500s and rate limits once.
 * In the end every item has exactly one draft and no saved answer was paid for twice.
 */
const ITEMS = 30;
const SEED = 20261201;
/**
 * Short enough to be outlasted by the Redis outage, long enough for what blocks a worker's event
 * loop (the Yoast checks take seconds on a loaded 2-core machine): a shorter lock is lost in
 * normal work, and jobs then go round without end.
 */
const LOCK_MS = 12_000;

/** mulberry32: the same moments on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(SEED);
const between = (low: number, high: number) => Math.round(low + random() * (high - low));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const baseText = fixture('lavrov-pyongyang.fr.txt');
const items = Array.from({ length: ITEMS }, (_, i) => ({
  text: `${baseText}\n\nDépêche de référence CHAOS-${i + 1}-FIN.`,
  url: `https://www.example-news.fr/monde/chaos-${i + 1}`,
}));
const itemOf = (body: { messages?: Array<{ content: string }> }) => {
  const match = /CHAOS-(\d+)-FIN/.exec((body.messages ?? []).map((m) => m.content).join('\n'));
  return match ? Number(match[1]) : 0;
};

let wp: WordPressServer;
let proxy: FaultProxy;
let model: ScriptedModel;
let redis: OwnRedis;
/** The test's own look at the queue, failing at once while Redis is down (no offline queue). */
let oracle: Redis;
/** Until then, model answers come late (see the Redis outage below). */
let modelSlowUntil = 0;
/** Job id of each item (index 0 is item 1), once enqueued. */
const jobIds: string[] = [];
/** Every job's saved data just before Redis is stopped: what requests arriving during the outage are judged by. */
let outageSnapshot: Map<string, ArticleJobData | undefined> | undefined;
const PREFIX = 'chaos';

async function savedData(id: string): Promise<ArticleJobData | undefined> {
  const raw = await oracle.hget(`${PREFIX}:${ARTICLE_QUEUE}:${id}`, 'data');
  return raw === null ? undefined : (JSON.parse(raw) as ArticleJobData);
}

/**
 * The criterion, judged as each model request arrives: the job's state saved in Redis at
 * that moment already holds the answer this request would produce. With no repairs allowed every
 * request is the write step, whose answer is the job's first saved call.
 */
interface Judged {
  item: number;
  kind: 'write' | 'revise' | 'unknown';
  at: number;
  /** Saved calls when the request arrived; undefined when they could not be read. */
  savedCalls?: number;
  how: 'read' | 'outage snapshot' | 'unreadable';
}
const judgements: Array<Promise<Judged>> = [];

function judge(body: { messages?: Array<{ role: string; content: string }> }): void {
  const at = Date.now();
  const item = itemOf(body);
  const user = (body.messages ?? []).find((m) => m.role === 'user')?.content ?? '';
  const kind = user.includes('<article_precedent>') ? 'revise' : user.startsWith('Écris l’article') ? 'write' : 'unknown';
  const id = jobIds[item - 1];
  judgements.push(
    (async (): Promise<Judged> => {
      if (id === undefined) return { item, kind, at, how: 'unreadable' };
      try {
        return { item, kind, at, savedCalls: (await savedData(id))?.state?.calls?.length ?? 0, how: 'read' };
      } catch {
        // Redis is down: nothing can be saved, the state is what it was when Redis stopped.
        if (outageSnapshot?.has(id)) return { item, kind, at, savedCalls: outageSnapshot.get(id)?.state?.calls?.length ?? 0, how: 'outage snapshot' };
        return { item, kind, at, how: 'unreadable' };
      }
    })(),
  );
}

before(async () => {
  wp = await startWordPress({ name: 'chaos' });
  proxy = await startFaultProxy(wp.url);
  redis = await startOwnRedis();
  oracle = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 200 });
  oracle.on('error', () => {});
  model = await startScriptedModel();
  const answer = articleFixture('revised');
  let served = 0;
  model.otherwise((body) => {
    const slow = Date.now() < modelSlowUntil;
    served++;
    judge(body);
    let step: ScriptStep;
    if (served === 6) step = { status: 429, retryAfter: '1' };
    else if (served % 7 === 0) step = { status: 500, delayMs: between(100, 600) };
    else {
      // Calls made just before Redis goes away answer only after another worker took their job over.
      step = { answer, delayMs: slow ? LOCK_MS + 10_000 : between(300, 2_000) };
    }
    return step;
  });
});
after(async () => {
  oracle.disconnect();
  await model.close();
  await redis.close();
  await proxy.close();
  await wp.stop();
});

/** A worker slot that a platform keeps running: restarted whenever its process dies. */
function slot(name: string, env: Record<string, string>) {
  let child: ChildProcess | undefined;
  let stopping = false;
  let log = '';
  const start = () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    child.once('exit', () => {
      if (!stopping) setTimeout(start, 300);
    });
  };
  start();
  return {
    name,
    log: () => log,
    kill: () => child?.kill('SIGKILL'),
    stop: async () => {
      stopping = true;
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
  };
}

test('chaos: kills, Redis gone past the lock, slow and refusing WordPress, failing model: one draft per item, no answer paid twice', async (t) => {
  const env = {
    ...servicesEnv(model, { ...wp, url: proxy.url }),
    REDIS_URL: redis.url,
    PLUME_QUEUE_PREFIX: PREFIX,
    PLUME_MAX_REPAIRS: '0',
    PLUME_CONCURRENCY: '2',
    PLUME_LOCK_DURATION_MS: String(LOCK_MS),
    PLUME_STALLED_INTERVAL_MS: '3000',
    PLUME_BACKOFF_MS: '200',
    PLUME_BACKOFF_MAX_MS: '2000',
    PLUME_RETRY_BUDGET_MS: '600000',
    PLUME_SHUTDOWN_GRACE_MS: '1000',
    WP_TIMEOUT_MS: '15000',
    OPENAI_TIMEOUT_MS: '30000',
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env, ['worker']);
  const queue = createArticleQueue(config);
  queue.on('error', () => {});
  // Closed however the test ends: an open queue connection would keep this file's process alive.
  t.after(() => queue.close());
  const ids = jobIds;
  for (const item of items) ids.push((await enqueueArticle(queue, item)).id);
  const slots = [slot('a', env), slot('b', env)];
  const counts = async () => {
    const byState = await queue.getJobCounts('completed', 'failed');
    const completed = byState['completed'] ?? 0;
    const failed = byState['failed'] ?? 0;
    return { done: completed + failed, completed, failed };
  };

  try {
    // Wait for the work to be under way before breaking things.
    while ((await counts()).done < 2) await sleep(200);

    const kills: number[] = [];
    const killSomeone = async () => {
      slots[between(0, 1)]!.kill();
      kills.push(Date.now());
      await sleep(between(500, 3_000));
    };
    await killSomeone();
    await killSomeone();

    // Redis gone longer than the lock while WordPress answers creates slowly: both workers lose
    // their locks, stalled-job recovery hands the jobs around once Redis is back.
    proxy.slowDown(4_000, (r) => r.method === 'POST' && r.route.startsWith('/wp/v2/posts'));
    modelSlowUntil = Date.now() + 60_000;
    await sleep(between(1_000, 2_000));
    outageSnapshot = new Map(await Promise.all(ids.map(async (id) => [id, await savedData(id)] as const)));
    await redis.stop();
    modelSlowUntil = 0;
    await sleep(LOCK_MS + 3_000);
    await redis.start();
    // From now on requests are judged by what Redis holds again.
    while (oracle.status !== 'ready') await sleep(20);
    outageSnapshot = undefined;
    await sleep(3_000);
    proxy.slowDown(0);

    await killSomeone();
    // WordPress refusing connections for a while.
    proxy.refuse(true);
    await sleep(6_000);
    proxy.refuse(false);
    await killSomeone();
    await killSomeone();
    await killSomeone();
    assert.ok(kills.length >= 5);

    const deadline = Date.now() + 6 * 60_000;
    while ((await counts()).done < ITEMS) {
      if (Date.now() > deadline) throw new Error(`not finished: ${JSON.stringify(await counts())}\n${slots.map((s) => s.log()).join('\n')}`);
      await sleep(500);
    }
    // A worker that lost its lock in the outage gets its late model answer about now: it must
    // not save it over the state of the worker that completed the job (checked below).
    await sleep(LOCK_MS + 12_000);
  } finally {
    await Promise.all(slots.map((s) => s.stop()));
  }

  const final = await counts();
  const failed = await queue.getJobs(['failed']);
  assert.equal(final.failed, 0, failed.map((j) => `${j.id}: ${j.failedReason}`).join('\n'));
  assert.equal(final.completed, ITEMS, 'none lost');

  // Exactly one draft per source key, counted in WordPress's database.
  const rows = await wp.query(
    "SELECT m.meta_value, COUNT(*) FROM wp_posts p JOIN wp_postmeta m ON m.post_id = p.ID AND m.meta_key = '_plume_source_key' WHERE p.post_type = 'post' AND p.post_status = 'draft' GROUP BY m.meta_value",
  );
  const perSource = new Map(rows.map(([key, count]) => [key!, Number(count)]));
  const doubled = [...perSource].filter(([, count]) => count !== 1);
  assert.deepEqual(doubled, [], 'no source has two drafts');
  assert.deepEqual([...perSource.keys()].sort(), [...ids].sort(), 'every item has its draft');

  // The state left in each job is the completing worker's: no worker that lost its lock wrote over it.
  for (const id of ids) {
    const job = (await queue.getJob(id))!;
    assert.equal(job.data.state!.post!.id, job.returnvalue.post_id, `${id}: the saved state is the completing worker's`);
  }

  // No answer paid for again once saved, judged as each request arrived (see `judge`).
  const judged = await Promise.all(judgements);
  assert.equal(judged.length, model.requests.length, 'each request judged once');
  assert.deepEqual(judged.filter((j) => j.kind !== 'write' || j.how === 'unreadable'), [], 'every model request is a write step whose job could be read');
  const paidTwice = judged.filter((j) => j.savedCalls! > 0);
  t.diagnostic(`${judged.length} model requests, ${judged.filter((j) => j.how === 'outage snapshot').length} judged by the state at Redis's stop`);
  assert.deepEqual(paidTwice, [], 'the model was not asked again for an answer already saved');
  for (const [index, id] of ids.entries()) {
    const job = (await queue.getJob(id))!;
    assert.equal(job.data.state!.calls!.length, 1, `item ${index + 1}: one saved answer`);
  }
});
