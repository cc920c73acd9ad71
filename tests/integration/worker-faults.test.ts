import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { DelayedError, Worker, type Job } from 'bullmq';
import { loadConfig, type Config } from '../../config/index.js';
import { applyTypography } from '../../jobs/article/typography.js';
import { cleanSource } from '../../jobs/article/source/clean-source.js';
import { PROMPT_VERSION } from '../../jobs/article/prompt.js';
import type { ArticleResult } from '../../jobs/article/run.js';
import { sourceKey } from '../../jobs/article/source-key.js';
import type { ModelCall } from '../../jobs/article/state.js';
import { ARTICLE_QUEUE, createArticleQueue, enqueueArticle, redisConnection, type ArticleJobData } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { createArticleProcessor, deploymentDisclosure, retryPolicy } from '../../worker/article-worker.js';
import { buildArticleJobDeps } from '../../worker/build-deps.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv, startPlume } from '../helpers/plume.js';
import { useRedisPrefix } from '../helpers/redis.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

const revised = articleFixture('revised');
const item = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-pyongyang' };

let wp: WordPressServer;
let model: ScriptedModel;
before(async () => {
  wp = await startWordPress({ name: 'faults' });
  model = await startScriptedModel();
});
beforeEach(async () => {
  await wp.reset();
  model.reset();
});
after(async () => {
  await model.close();
  await wp.stop();
});

const drafts = async () => Number((await wp.query("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'post' AND post_status = 'draft'"))[0]![0]);
const waitFor = async (what: string, condition: () => boolean | Promise<boolean>) => {
  for (let tries = 0; !(await condition()); tries++) {
    if (tries > 1200) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * A job taken from the queue by hand with a known lock token, and the processor a worker runs on
 * it: what happens when the lock changes hands is then up to the test, not to timers.
 */
async function takenJob(data?: Partial<ArticleJobData>, env: Record<string, string> = {}) {
  const redis = await useRedisPrefix();
  const config: Config = loadConfig(
    { ...servicesEnv(model, wp), REDIS_URL: redis.redisUrl, PLUME_QUEUE_PREFIX: redis.prefix, PLUME_MAX_REPAIRS: '0', LOG_LEVEL: 'silent', ...env },
    ['worker'],
  );
  const queue = createArticleQueue(config);
  const worker = new Worker<ArticleJobData, ArticleResult>(ARTICLE_QUEUE, null, { connection: redisConnection(config), prefix: redis.prefix, autorun: false });
  const key = sourceKey(item);
  await queue.add('article', { payload: item, sourceKey: key, enqueuedAt: new Date().toISOString(), ...data }, { jobId: key });
  const job = (await worker.getNextJob('token-A')) as Job<ArticleJobData, ArticleResult>;
  assert.equal(job.id, key);
  const client = await queue.getBackend().client;
  const processor = createArticleProcessor((signal, beforeModelRequest) => buildArticleJobDeps(config, signal, {}, beforeModelRequest), queue, createLogger('silent', 'test'), retryPolicy(config), deploymentDisclosure(config));
  return {
    job,
    run: () => processor(job, 'token-A'),
    /** Another worker takes the job over (stalled-job recovery gave it away). */
    takeOver: () => client.set(`${redis.prefix}:${ARTICLE_QUEUE}:${key}:lock`, 'token-B'),
    saved: async () => JSON.parse((await client.hget(`${redis.prefix}:${ARTICLE_QUEUE}:${key}`, 'data'))!) as ArticleJobData,
    writeSaved: (value: ArticleJobData) => client.hset(`${redis.prefix}:${ARTICLE_QUEUE}:${key}`, { data: JSON.stringify(value) }),
    attemptsMade: async () => Number(await client.hget(`${redis.prefix}:${ARTICLE_QUEUE}:${key}`, 'atm') ?? 0),
    close: async () => {
      await worker.close();
      await queue.close();
      await redis.cleanup();
    },
  };
}

describe('a worker that lost its job lock touches nothing', () => {
  test('lock gone before a step: no model call, no draft, nothing saved, no attempt spent', async () => {
    // Cleaned already: the next step is the model call, whose guard is the lock check alone.
    const clean = cleanSource({ text: item.text, url: item.url });
    const taken = await takenJob({ state: { clean } });
    try {
      model.push({ answer: revised });
      await taken.takeOver();
      await assert.rejects(taken.run(), DelayedError);
      assert.equal(model.requests.length, 0, 'the model is not called');
      assert.equal(await drafts(), 0);
      const saved = await taken.saved();
      assert.deepEqual(saved.state, { clean });
      assert.equal(saved.error, undefined, 'no failure recorded over the new owner');
      assert.equal(await taken.attemptsMade(), 0);
    } finally {
      await taken.close();
    }
  });

  test('lock gone while the model answers: the answer is not saved over the new owner, no draft', async () => {
    const taken = await takenJob();
    try {
      model.push({ answer: revised, delayMs: 1_000 });
      const running = taken.run();
      await waitFor('the model call', () => model.requests.length === 1);
      await taken.takeOver();
      await assert.rejects(running, DelayedError);
      assert.equal((await taken.saved()).state?.calls, undefined, "the old owner's answer is not written");
      assert.equal(await drafts(), 0);
    } finally {
      await taken.close();
    }
  });

  test("lock gone during the SDK's retry back-off: the retry is not sent, nothing saved", async () => {
    const clean = cleanSource({ text: item.text, url: item.url });
    // The SDK retries a 500 itself, after the Retry-After the model asks for.
    const taken = await takenJob({ state: { clean } }, { OPENAI_MAX_RETRIES: '2' });
    try {
      model.push({ status: 500, retryAfter: '2' }, { answer: revised });
      const running = taken.run();
      await waitFor('the first request', () => model.requests.length === 1);
      await taken.takeOver();
      await assert.rejects(running, DelayedError);
      assert.equal(model.requests.length, 1, 'the retry is not sent by a worker that lost the job');
      assert.deepEqual((await taken.saved()).state, { clean });
      assert.equal(await taken.attemptsMade(), 0);
    } finally {
      await taken.close();
    }
  });

  test('an answer saved by another worker since this one read the job is used, not paid for again', async () => {
    const clean = cleanSource({ text: item.text, url: item.url });
    const taken = await takenJob({ state: { clean } });
    try {
      const call: ModelCall = {
        kind: 'write',
        outcome: 'ok',
        finishReason: 'stop',
        usage: { prompt: 1, completion: 1, total: 2 },
        model: 'other-worker',
        promptVersion: PROMPT_VERSION,
        at: new Date().toISOString(),
        article: applyTypography(revised),
      };
      const saved = await taken.saved();
      await taken.writeSaved({ ...saved, state: { clean, calls: [call] } });
      const result = await taken.run();
      assert.equal(model.requests.length, 0);
      assert.equal(result.calls, 1);
      assert.equal(await drafts(), 1);
    } finally {
      await taken.close();
    }
  });
});

describe('outages are outlasted within a time budget', () => {
  test('WordPress refusing drafts for many attempts, within the budget: completed, one model call, one draft', async () => {
    const proxy = await startFaultProxy(wp.url);
    const plume = await startPlume({
      ...servicesEnv(model, { ...wp, url: proxy.url }),
      PLUME_MAX_REPAIRS: '0',
      // The default back-off (10 s doubling, capped at 300 s) shortened 100 times; a budget far above
      // what the outage lasts on any machine (attempts here take about a second).
      PLUME_RETRY_BUDGET_MS: '180000',
      PLUME_BACKOFF_MS: '100',
      PLUME_BACKOFF_MAX_MS: '3000',
    });
    try {
      // Twenty refusals: with equal jitter their delays sum to at least 24 s here, 40 minutes at the
      // defaults; far more than the five attempts every fault used to share.
      proxy.failNext(20, 503, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
      model.push({ answer: revised });
      const { body } = await plume.api('POST', '/api/articles', item);
      const job = await plume.waitForEnd(body.id);
      assert.equal(job.state, 'completed', JSON.stringify(job.error));
      assert.ok(job.attempts >= 21, `attempts: ${job.attempts}`);
      assert.equal(model.requests.length, 1);
      assert.equal(await drafts(), 1);
    } finally {
      await plume.close();
      await proxy.close();
    }
  });

  test('an outage longer than the budget fails the job visibly, naming the budget and the failed step', async () => {
    const proxy = await startFaultProxy(wp.url);
    const plume = await startPlume({
      ...servicesEnv(model, { ...wp, url: proxy.url }),
      PLUME_MAX_REPAIRS: '0',
      PLUME_RETRY_BUDGET_MS: '1500',
      PLUME_BACKOFF_MS: '100',
      PLUME_BACKOFF_MAX_MS: '300',
    });
    try {
      proxy.failNext(1_000_000, 503, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
      model.push({ answer: revised });
      const { body } = await plume.api('POST', '/api/articles', item);
      const job = await plume.waitForEnd(body.id);
      assert.equal(job.state, 'failed');
      assert.match(job.error.message, /Still failing after retrying for 1\.5 s .*PLUME_RETRY_BUDGET_MS/);
      assert.equal(job.error.retryable, true);
      assert.equal(job.progress.step, 'failed', 'no stale "publish 80 %"');
      assert.equal(job.progress.failed_step, job.error.step);
      assert.match(job.error.step, /saveDraft/);
      assert.equal(model.requests.length, 1);
      assert.equal(await drafts(), 0);
    } finally {
      await plume.close();
      await proxy.close();
    }
  });
});

describe('shutdown is bounded', () => {
  const startWorker = (env: Record<string, string>): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

  test('SIGTERM with a job mid model call: the process exits before the answer, the job completes elsewhere with one draft', async () => {
    const redis = await useRedisPrefix();
    const env = {
      ...servicesEnv(model, wp),
      REDIS_URL: redis.redisUrl,
      PLUME_QUEUE_PREFIX: redis.prefix,
      PLUME_MAX_REPAIRS: '0',
      PLUME_SHUTDOWN_GRACE_MS: '500',
      LOG_LEVEL: 'info',
    };
    const config = loadConfig(env, ['worker']);
    const queue = createArticleQueue(config);
    const children: ChildProcess[] = [];
    try {
      model.push({ answer: revised, delayMs: 60_000 }, { answer: revised });
      const { id } = await enqueueArticle(queue, item);
      const first = startWorker(env);
      children.push(first);
      let firstLog = '';
      first.stdout!.on('data', (chunk: Buffer) => (firstLog += chunk.toString()));
      await waitFor('the first model call', () => model.requests.length === 1);
      first.kill('SIGTERM');
      const code = await exited(first);
      assert.equal(code, 0, firstLog);
      assert.equal(model.requests[0]!.sent, false, 'the process ended before the model answered');
      assert.equal(await queue.getJobState(id), 'waiting', 'handed back to the queue at once');

      const second = startWorker(env);
      children.push(second);
      await waitFor('the job to complete', async () => (await queue.getJobState(id)) === 'completed');
      const job = (await queue.getJob(id))!;
      assert.equal(job.returnvalue.calls, 1);
      assert.equal(model.requests.length, 2);
      assert.equal(await drafts(), 1);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.map(exited));
      await queue.close();
      await redis.cleanup();
    }
  });
});
