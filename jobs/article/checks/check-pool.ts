import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { CheckArticleInput, CheckReport } from './check-article.js';

export interface CheckPool {
  /** Runs checkArticle on a pool thread; input and report cross the thread boundary as plain data. */
  check(input: CheckArticleInput): Promise<CheckReport>;
  /** Lets running checks finish, then stops the threads. */
  close(): Promise<void>;
}

export interface CheckPoolOptions {
  /** Threads in the pool; the machine's cores by default. */
  threads?: number | undefined;
}

// Under tsx (tests, `npm run dev`) this module is TypeScript and so is its thread's entry; built, both are JavaScript.
const workerFile = new URL(import.meta.url.endsWith('.ts') ? './check-worker.ts' : './check-worker.js', import.meta.url).href;

/**
 * Checking (Yoast, facts, originality, form) is synchronous CPU work of a few hundred ms; on the
 * main thread it would hold up the HTTP server and BullMQ's lock renewals. A pool of worker
 * threads, one per core, runs it instead, each thread loading Yoast once.
 */
export function createCheckPool(options: CheckPoolOptions = {}): CheckPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const pool = new Piscina<CheckArticleInput, CheckReport>({
    filename: workerFile,
    minThreads: threads,
    maxThreads: threads,
    // A check is synchronous: a thread runs one at a time, and the rest wait in the pool's queue
    // for whichever thread frees first.
    concurrentTasksPerWorker: 1,
    // Threads stay up between checks: loading Yoast costs more than a check.
    idleTimeout: Number.POSITIVE_INFINITY,
    // Checks yield the CPU to the main thread (HTTP API, BullMQ lock renewals) when both want it.
    niceIncrement: 10,
  });
  return {
    check: (input) => pool.run(input),
    close: () => pool.close(),
  };
}
