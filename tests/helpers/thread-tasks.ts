import { isMainThread } from 'node:worker_threads';
import { PermanentError, TransientError } from '../../errors/index.js';
import { threadTask } from '../../worker/thread-pool.js';

/** Tasks for the thread pool's tests, each behaving as its name says. */
export const echo = threadTask((input: { text: string }) => ({ echoed: input.text, inThread: !isMainThread }));
export const spin = threadTask((): never => {
  for (;;) {
    // Never yields: only terminating the thread ends it.
  }
});
export const hoard = threadTask((): never => {
  const kept: number[][] = [];
  for (;;) kept.push(new Array(10_000).fill(kept.length));
});
const recurse = (n: number): number => recurse(n + 1) + 1;
export const overflow = threadTask(() => recurse(0));
export const refuse = threadTask((input: { field: string }): never => {
  throw new PermanentError(`bad ${input.field}`, { code: 'source_missing', step: 'test.refuse', input: input.field });
});
export const stumble = threadTask((): never => {
  throw new TransientError('try later', { code: 'unexpected_error', step: 'test.stumble' });
});
export const crash = threadTask((): never => {
  throw new TypeError('a bug');
});
