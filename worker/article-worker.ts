import { DelayedError, Queue, UnrecoverableError, Worker, type AdvancedOptions, type Job } from 'bullmq';
import type { Config } from '../config/index.js';
import {
  JobInterruptedError,
  LockLostError,
  PlumeError,
  RateLimitedError,
  ShutdownError,
  TransientError,
} from '../errors/index.js';
import { toPublicError, type Disclosure } from '../errors/public-error.js';
import { runArticleJob, type ArticleJobDeps, type ArticleResult } from '../jobs/article/run.js';
import { ARTICLE_QUEUE, RETRY_BACKOFF, closeRedisConnection, jobProgressSchema, redisConnection, retriedJobSchema, type ArticleJobData, type JobErrorInfo } from '../jobs/queue.js';
import { budgetSpent, describeBudget, recordFailure, retryDelay, type RetryPolicy } from '../jobs/retry-budget.js';
import type { Logger } from '../observability/logger.js';
import {
  jobDuration,
  jobFailures,
  jobsFinished,
  lockLosses,
  modelCalls,
  modelTokens,
  modelCost,
  draftScores,
  shutdownInterruptions,
  stalledJobs,
  stepDuration,
} from '../observability/metrics.js';
import { callCost } from '../clients/model/cost.js';
import { jobLock } from './job-lock.js';

export type { JobErrorInfo } from '../jobs/queue.js';

/** Why BullMQ's abort signal of a job fired: told apart so the attempt stops the right way. */
const ABORT_LOCK_LOST = 'lock lost';
const ABORT_SHUTDOWN = 'shutdown';

/**
 * The services of one job on `site` (the default site when undefined), whose calls `signal`
 * aborts; `beforeModelRequest` runs before each request to the model leaves (the SDK's retries
 * included) and aborts the job if its lock is gone.
 */
export type ArticleJobDepsFor = (signal: AbortSignal, beforeModelRequest?: () => Promise<void>, site?: string) => ArticleJobDeps;

/** The internal names an error of this deployment may carry, kept out of what the API shows. */
export function deploymentDisclosure(config: Config): Required<Omit<Disclosure, 'ownUrls'>> {
  return {
    places: [
      { url: config.wordpress.url, label: 'WordPress' },
      { url: config.wordpress.publicUrl, label: 'WordPress' },
      { url: config.model.baseURL, label: 'model endpoint' },
      ...config.sites.flatMap((site) => [site.url, site.publicUrl].map((url) => ({ url, label: `WordPress (${site.name})` }))),
    ],
    secrets: [
      { value: config.wordpress.username, label: 'WP_USERNAME' },
      { value: config.wordpress.appPassword, label: 'WP_APP_PASSWORD' },
      { value: config.model.apiKey, label: 'OPENAI_API_KEY' },
      ...config.sites.flatMap((site) => [
        { value: site.username, label: `username of site ${site.name}` },
        { value: site.appPassword, label: `Application Password of site ${site.name}` },
      ]),
    ],
  };
}

/** The site's host name, as logs name it. */
function siteOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/**
 * The single place where Plume's errors become BullMQ decisions: permanent → fail now
 * (`UnrecoverableError`), rate limited → pause the queue for the asked wait without spending
 * an attempt, transient → retry with backoff until the retry budget is spent; an interrupted
 * attempt (lock lost, shutdown) leaves the job untouched for whoever runs it next.
 */
export function createArticleProcessor(
  depsFor: ArticleJobDepsFor,
  queue: Queue<ArticleJobData>,
  logger: Logger,
  policy: RetryPolicy,
  disclosure: Disclosure,
) {
  // Three parameters: BullMQ then gives each job an abort signal (`cancelJob`, `cancelAllJobs`).
  return async (job: Job<ArticleJobData, ArticleResult>, token?: string, signal?: AbortSignal): Promise<ArticleResult> => {
    const started = Date.now();
    const aborter = new AbortController();
    if (signal?.aborted) aborter.abort(signal.reason);
    signal?.addEventListener('abort', () => aborter.abort(signal.reason), { once: true });
    const abort = aborter.signal;
    const lock = jobLock(job, queue.toKey(job.id ?? ''), token ?? '', await queue.getBackend().client);
    // The lock is checked again as each model request leaves: the request may leave long after
    // the runner's check (the rate budget's wait, the SDK's retry back-off), by then another
    // worker's, which would pay for the same answer a second time.
    const deps = depsFor(
      abort,
      async () => {
        if (!(await lock.owned())) aborter.abort(ABORT_LOCK_LOST);
      },
      job.data.payload.site,
    );
    // Every line of the job says which job, attempt, site and step it is about.
    const jobLog = logger.child({ job: job.id, attempt: job.attemptsMade + 1, site: siteOf(deps.settings.wordpressUrl) });
    let log = jobLog.child({ step: 'start' });
    const callsBefore = job.data.state?.calls?.length ?? 0;
    // Where an unexpected error (not one of Plume's) happened, for its report.
    let currentStep = 'start';
    let stepStarted = started;
    const endStep = () => {
      if (currentStep !== 'start') stepDuration.observe({ step: currentStep }, (Date.now() - stepStarted) / 1000);
    };
    const interruption = (): JobInterruptedError | undefined => {
      if (!abort.aborted) return undefined;
      return abort.reason === ABORT_LOCK_LOST
        ? new LockLostError(`job ${job.id}: the job's lock could not be renewed; another worker may be running it`)
        : new ShutdownError(`job ${job.id}: the worker is stopping; the job goes back to the queue at step ${currentStep}`);
    };

    /** Stops without failing the job: its state stays what the last save made it. */
    const handOver = async (stop: JobInterruptedError): Promise<never> => {
      if (stop instanceof LockLostError) {
        lockLosses.inc();
        log.warn(stop.message);
      } else {
        shutdownInterruptions.inc();
        // Back to the queue now rather than when the lock expires: another worker resumes it at once.
        await job.moveToWait(token).catch((error: unknown) => log.warn({ err: error }, 'could not hand the job back; it resumes once its lock expires'));
        log.info(stop.message);
      }
      // BullMQ's "leave this job alone" signal: no failure recorded, no attempt spent.
      throw new DelayedError(stop.message);
    };

    try {
      const result = await runArticleJob(
        {
          data: job.data,
          // A completed step is progress: the retry budget starts again.
          save: (state) => lock.writeData({ ...job.data, state, retry: undefined }),
          savedState: async () => (await lock.readData())?.state,
          assertOwned: async () => {
            const stop = interruption();
            if (stop) throw stop;
            if (!(await lock.owned())) throw new LockLostError(`job ${job.id}: this worker no longer holds the job's lock; another worker may be running it`);
          },
          progress: async (step, percent) => {
            endStep();
            currentStep = step;
            stepStarted = Date.now();
            log = jobLog.child({ step });
            log.info('step');
            await job.updateProgress({ step, percent });
          },
          retryLeft: (tries) => !budgetSpent(job.data.retry, policy, new Date()) && (tries === undefined || (job.data.retry?.failures ?? 0) + 1 < tries),
        },
        deps,
      );
      endStep();
      draftScores.observe({ kind: 'seo' }, result.scores.seo);
      draftScores.observe({ kind: 'readability' }, result.scores.readability);
      jobsFinished.inc({ outcome: result.clean ? 'clean' : 'needs_review' });
      jobDuration.observe((Date.now() - started) / 1000);
      log.info({ post: result.post_id, calls: result.calls, seo: result.scores.seo, readability: result.scores.readability }, 'draft ready');
      return result;
    } catch (thrown) {
      endStep();
      // An aborted call fails with whatever its client makes of the abort: the abort's reason decides.
      const stop = thrown instanceof JobInterruptedError ? thrown : interruption();
      if (stop) return handOver(stop);
      const error =
        thrown instanceof PlumeError
          ? thrown
          : new TransientError(`Unexpected error: ${thrown instanceof Error ? thrown.message : String(thrown)}`, {
              code: 'unexpected_error',
              step: currentStep,
              cause: thrown,
            });
      const now = new Date();
      const counts = error.retryable && !(error instanceof RateLimitedError);
      const retry = counts ? recordFailure(job.data.retry, now) : job.data.retry;
      const spent = counts && budgetSpent(retry, policy, now);
      const budgetNote = spent
        ? ` Still failing after retrying for ${describeBudget(policy)} since the last completed step (PLUME_RETRY_BUDGET_MS).`
        : '';
      // The job keeps (and BullMQ's failedReason shows) the public form; the log below keeps the full text.
      const shown = toPublicError(error, { ...disclosure, ownUrls: [job.data.payload.url, job.data.payload.image_url] });
      const info: JobErrorInfo = { ...shown, message: shown.message + budgetNote, attempt: job.attemptsMade + 1, at: now.toISOString() };
      try {
        await lock.writeData({ ...job.data, retry, error: info });
      } catch (failure) {
        if (failure instanceof LockLostError) return handOver(failure);
        throw failure;
      }
      jobFailures.inc({ step: error.step, retryable: String(error.retryable) });
      log.warn({ err: error, cause: error.cause instanceof Error ? error.cause.message : undefined }, 'attempt failed');
      if (error instanceof RateLimitedError) {
        await queue.rateLimit(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      const message = `[${shown.step}] ${info.message}`;
      if (spent || !error.retryable) throw new UnrecoverableError(message);
      throw new Error(message);
    } finally {
      for (const call of (job.data.state?.calls ?? []).slice(callsBefore)) {
        modelCalls.inc({ model: call.model, outcome: call.outcome });
        modelTokens.inc({ model: call.model, kind: 'prompt' }, call.usage.prompt);
        modelTokens.inc({ model: call.model, kind: 'completion' }, call.usage.completion);
        const cost = callCost(call.model, call.usage, deps.settings.prices);
        if (cost !== undefined) modelCost.inc({ model: call.model }, cost);
      }
    }
  };
}

export interface ArticleWorkerHandle {
  worker: Worker<ArticleJobData, ArticleResult>;
  queue: Queue<ArticleJobData>;
  /**
   * Stops taking jobs and lets active ones run for the shutdown grace period; then aborts their
   * model and WordPress calls and hands them back to the queue at their last saved step.
   */
  close(): Promise<void>;
}

export function retryPolicy(config: Config): RetryPolicy {
  return { backoffMs: config.jobs.backoffMs, backoffMaxMs: config.jobs.backoffMaxMs, budgetMs: config.jobs.retryBudgetMs };
}

/** BullMQ worker settings for Plume's backoff (job option `backoff: {type: RETRY_BACKOFF}`): every worker of the queue needs them. */
export function retrySettings(policy: RetryPolicy): AdvancedOptions {
  return {
    backoffStrategy: (attemptsMade, type, _error, job) => {
      if (type !== RETRY_BACKOFF) return 0;
      const data = retriedJobSchema.safeParse(job?.data);
      return retryDelay((data.success ? data.data.retry?.failures : undefined) ?? attemptsMade, policy);
    },
  };
}

export function startArticleWorker(config: Config, depsFor: ArticleJobDepsFor, logger: Logger): ArticleWorkerHandle {
  const connection = redisConnection(config);
  const policy = retryPolicy(config);
  const site = siteOf(config.wordpress.publicUrl);
  const queue = new Queue<ArticleJobData>(ARTICLE_QUEUE, { connection, prefix: config.queuePrefix });
  const worker = new Worker<ArticleJobData, ArticleResult>(ARTICLE_QUEUE, createArticleProcessor(depsFor, queue, logger, policy, deploymentDisclosure(config)), {
    connection,
    prefix: config.queuePrefix,
    concurrency: config.jobs.concurrency,
    // A worker silent this long (dead, or cut from Redis) loses its jobs to the others.
    lockDuration: config.jobs.lockDurationMs,
    stalledInterval: config.jobs.stalledIntervalMs,
    // A job whose worker died is picked up again; one that keeps killing its worker fails visibly.
    maxStalledCount: 5,
    // BullMQ consults the queue's rate-limit key (set by `queue.rateLimit` on a model 429) only
    // for workers with a limiter: this one never limits by itself, but makes every worker pause.
    limiter: { max: 100_000, duration: 1_000 },
    settings: retrySettings(policy),
  });
  worker.on('failed', (job, error) => {
    if (!job || !(job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError)) return;
    jobsFinished.inc({ outcome: 'failed' });
    // A failed job shows where it failed, not the step it was last seen in.
    const failedStep = job.data.error?.step ?? jobProgressSchema.safeParse(job.progress).data?.step ?? 'start';
    const log = logger.child({ job: job.id, site, step: failedStep });
    log.error({ reason: job.failedReason }, 'job failed');
    job.updateProgress({ step: 'failed', failed_step: failedStep }).catch((e: unknown) => log.warn({ err: e }, 'could not mark the progress failed'));
  });
  worker.on('stalled', (jobId) => {
    stalledJobs.inc();
    logger.warn({ job: jobId, site }, 'stalled job put back in the queue (its worker died or lost its lock)');
  });
  // The lock is gone: calls in flight are aborted now, rather than found out at the next step.
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const id of jobIds) worker.cancelJob(id, ABORT_LOCK_LOST);
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return {
    worker,
    queue,
    close: async () => {
      const closing = worker.close();
      const grace = setTimeout(() => {
        logger.warn({ graceMs: config.jobs.shutdownGraceMs }, 'grace period over: aborting active jobs');
        worker.cancelAllJobs(ABORT_SHUTDOWN);
      }, config.jobs.shutdownGraceMs);
      try {
        await closing;
      } finally {
        clearTimeout(grace);
      }
      await queue.close();
      await closeRedisConnection(connection);
    },
  };
}
