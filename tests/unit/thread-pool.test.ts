import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { PermanentError, TransientError } from '../../errors/index.js';
import { createThreadPool } from '../../worker/thread-pool.js';

type Tasks = typeof import('../helpers/thread-tasks.js');
const tasksModule = new URL('../helpers/thread-tasks.ts', import.meta.url);
const pool = createThreadPool<Tasks>({
  module: tasksModule,
  maxThreads: 1,
  timeBudgetMs: 1_000,
  maxHeapMb: 256,
});
after(() => pool.close());

const context = { step: 'test', input: 'html' };

test('a task runs on a thread and hands back its value', async () => {
  assert.equal(threadId, 0);
  assert.deepEqual(await pool.run('echo', { text: 'bonjour' }, context), { echoed: 'bonjour', inThread: true });
});

test('a task past its time budget is stopped and fails as permanent, naming the budget; the event loop ran meanwhile', async () => {
  let turns = 0;
  const ticking = setInterval(() => (turns += 1), 1);
  try {
    await assert.rejects(pool.run('spin', undefined, context), (error: unknown) => {
      assert.ok(error instanceof PermanentError, String(error));
      assert.equal(error.step, 'test');
      assert.equal(error.input, 'html');
      assert.match(error.message, /^Processing the html took longer than the time budget of 1 s and was stopped/);
      return true;
    });
  } finally {
    clearInterval(ticking);
  }
  assert.ok(turns > 0, 'timers fired while the task spun');
  assert.deepEqual(await pool.run('echo', { text: 'encore' }, context), { echoed: 'encore', inThread: true }, 'the pool goes on with a new thread');
});

test('a task that exhausts the call stack fails as permanent, not retryable', async () => {
  await assert.rejects(pool.run('overflow', undefined, context), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.match(error.message, /exhausted the call stack/);
    assert.ok(error.cause instanceof RangeError);
    return true;
  });
});

test('a task past its heap limit fails as permanent, naming the limit; the process lives on', async () => {
  const small = createThreadPool<Tasks>({ module: tasksModule, maxThreads: 1, timeBudgetMs: 60_000, maxHeapMb: 128 });
  try {
    await assert.rejects(small.run('hoard', undefined, context), (error: unknown) => {
      assert.ok(error instanceof PermanentError, String(error));
      assert.match(error.message, /^Processing the html needed more than the memory limit of 128 MB/);
      return true;
    });
    assert.deepEqual(await small.run('echo', { text: 'après' }, context), { echoed: 'après', inThread: true });
  } finally {
    await small.close();
  }
});

test("a task's own errors keep their class, step and input; others cross as thrown", async () => {
  await assert.rejects(pool.run('refuse', { field: 'title' }, context), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.deepEqual(error.toJSON(), { name: 'PermanentError', code: 'source_missing', message: 'bad title', step: 'test.refuse', input: 'title', retryable: false });
    return true;
  });
  await assert.rejects(pool.run('stumble', undefined, context), (error: unknown) => error instanceof TransientError && error.step === 'test.stumble');
  await assert.rejects(pool.run('crash', undefined, context), { name: 'TypeError', message: 'a bug' });
});
