import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PermanentError, PlumeError, TransientError, type ErrorContext, type PlumeErrorJson } from '../errors/index.js';

/**
 * CPU-bound work (parsing a page, analysing an article) in worker threads, so the event loop
 * keeps renewing BullMQ's locks and answering `/health` meanwhile; piscina keeps the threads,
 * queues the tasks and stops a thread whose task is cancelled.
 */

/** What a task hands back: its value, or its PlumeError in a form that survives the copy between threads. */
type Outcome<T> =
  | { value: T }
  | { plumeError: PlumeErrorJson };

/**
 * Makes a function a task of a thread module (`export const clean = threadTask(cleanSource)`).
 * A thrown PlumeError reaches the caller with its class, step and input, which the copy between
 * threads would drop; any other error crosses as the thread threw it.
 */
export function threadTask<I, O>(fn: (input: I) => O | Promise<O>): (input: I) => Promise<Outcome<O>> {
  return async (input) => {
    try {
      return { value: await fn(input) };
    } catch (error) {
      if (!(error instanceof PlumeError)) throw error;
      return { plumeError: error.toJSON() };
    }
  };
}

type Tasks = Record<string, (input: never) => Promise<Outcome<unknown>>>;
type ValueOf<T> = T extends (input: never) => Promise<Outcome<infer O>> ? O : never;

export interface ThreadPool<T extends Tasks> {
  /**
   * Runs the named task of the pool's module on a thread. A task stopped by the time budget or
   * the heap limit, or that exhausts the call stack, throws a `PermanentError` naming the limit
   * with the caller's step and input: the same input would meet the same limit again.
   */
  run<K extends keyof T & string>(task: K, input: Parameters<T[K]>[0], context: Pick<ErrorContext, 'step' | 'input'>): Promise<ValueOf<T[K]>>;
  /** Lets running tasks finish, then stops the threads. */
  close(): Promise<void>;
}

export interface ThreadPoolOptions {
  /** The module whose `threadTask` exports run on the threads, as `import.meta.url`-relative URL. */
  module: URL;
  /** Threads at most: one per job the worker runs at once, so a task never waits for a thread. */
  maxThreads: number;
  /** A task still running this long after it started on its thread is stopped (permanent failure). */
  timeBudgetMs: number;
  /** A task no thread started within this long (loading the task module included) is given up (transient failure); 60 s by default. */
  startTimeoutMs?: number;
  /** Heap of each thread; a task that needs more fails alone. */
  maxHeapMb: number;
}

/** The sibling module named `name`, with the caller's own extension (`.ts` under tsx, `.js` once built). */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(callerUrl))}`, callerUrl);
}

export function createThreadPool<T extends Tasks>(options: ThreadPoolOptions): ThreadPool<T> {
  const pool = new Piscina({
    filename: new URL('./thread-entry.mjs', import.meta.url).href,
    workerData: { module: options.module.href },
    maxThreads: options.maxThreads,
    // Threads start on demand and leave after a minute idle; idle ones never keep the process alive.
    minThreads: 0,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
  });
  // Each task says when it starts on its thread (thread-entry.mjs): its budget counts from there.
  const onStart = new Map<number, () => void>();
  pool.on('message', (message: { started?: number }) => onStart.get(message.started ?? -1)?.());
  // A thread that fails with no task in hand (while starting) fails the tasks waiting for it by their start budget.
  pool.on('error', () => undefined);
  let lastId = 0;
  const seconds = `${options.timeBudgetMs / 1000} s`;

  return {
    async run(task, input, context) {
      const id = (lastId += 1);
      const cancel = new AbortController();
      let overrun: 'start' | 'run' | undefined;
      const stopAfterBudget = (phase: 'start' | 'run') =>
        setTimeout(
          () => {
            overrun = phase;
            cancel.abort();
          },
          phase === 'start' ? (options.startTimeoutMs ?? 60_000) : options.timeBudgetMs,
        );
      let timer = stopAfterBudget('start');
      onStart.set(id, () => {
        clearTimeout(timer);
        timer = stopAfterBudget('run');
      });
      const what = context.input ?? 'input';
      let outcome: Outcome<unknown>;
      try {
        outcome = (await pool.run({ id, task, input }, { signal: cancel.signal })) as Outcome<unknown>;
      } catch (error) {
        if (overrun === 'start') {
          throw new TransientError(`No thread could start processing the ${what} in time`, { ...context, code: 'thread_start_timeout', cause: error });
        }
        const limit =
          overrun === 'run'
            ? `took longer than the time budget of ${seconds}`
            : (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `needed more than the memory limit of ${options.maxHeapMb} MB`
              : error instanceof Error && error.name === 'RangeError' && /call stack/i.test(error.message)
                ? 'exhausted the call stack (nested too deeply)'
                : undefined;
        if (limit === undefined) throw error;
        throw new PermanentError(`Processing the ${what} ${limit} and was stopped; a retry would meet the same limit`, {
          ...context,
          code: 'source_processing_limit',
          params: { limit },
          cause: error,
        });
      } finally {
        clearTimeout(timer);
        onStart.delete(id);
      }
      if ('value' in outcome) return outcome.value as never;
      const { retryable, message, name: _name, ...where } = outcome.plumeError;
      throw retryable ? new TransientError(message, where) : new PermanentError(message, where);
    },
    close: () => pool.close(),
  };
}
