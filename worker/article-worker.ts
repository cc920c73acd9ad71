import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Config } from '../config/index.js';
import { PlumeError, RateLimitedError, TransientError } from '../errors/index.js';
import { toPublicError, type Disclosure, type PublicError } from '../errors/public-error.js';
import { runArticleJob, type ArticleJobDeps, type ArticleResult } from '../jobs/article/run.js';
import { ARTICLE_QUEUE, redisConnection, type ArticleJobData } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { jobDuration, jobFailures, jobsFinished, modelCalls, modelTokens } from '../observability/metrics.js';

/** What `GET /api/articles/:id` shows of the last failed attempt: the public form of the error. */
export interface JobErrorInfo extends PublicError {
  attempt: number;
  at: string;
}

/** The internal names an error of this deployment may carry, kept out of what the API shows. */
export function deploymentDisclosure(config: Config): Required<Omit<Disclosure, 'ownUrls'>> {
  return {
    places: [
      { url: config.wordpress.url, label: 'WordPress' },
      { url: config.wordpress.publicUrl, label: 'WordPress' },
      { url: config.model.baseURL, label: 'model endpoint' },
    ],
    secrets: [
      { value: config.wordpress.username, label: 'WP_USERNAME' },
      { value: config.wordpress.appPassword, label: 'WP_APP_PASSWORD' },
      { value: config.model.apiKey, label: 'OPENAI_API_KEY' },
    ],
  };
}

/**
 * The single place where Plume's errors become BullMQ decisions: permanent → fail now
 * (`UnrecoverableError`), rate limited → pause the queue for the asked wait without spending
 * an attempt, transient → retry with backoff.
 */
export function createArticleProcessor(
  deps: ArticleJobDeps,
  queue: Queue<ArticleJobData>,
  logger: Logger,
  disclosure: Disclosure,
) {
  return async (job: Job<ArticleJobData, ArticleResult>): Promise<ArticleResult> => {
    const started = Date.now();
    const log = logger.child({ job: job.id, attempt: job.attemptsMade + 1 });
    const callsBefore = job.data.state?.calls?.length ?? 0;
    // Where an unexpected error (not one of Plume's) happened, for its report.
    let currentStep = 'start';
    try {
      const result = await runArticleJob(
        {
          data: job.data,
          save: async (state) => {
            await job.updateData({ ...job.data, state });
          },
          progress: async (step, percent) => {
            currentStep = step;
            log.info({ step }, 'step');
            await job.updateProgress({ step, percent });
          },
          finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        },
        deps,
      );
      jobsFinished.inc({ outcome: result.clean ? 'clean' : 'needs_review' });
      jobDuration.observe((Date.now() - started) / 1000);
      log.info({ post: result.post_id, calls: result.calls, seo: result.scores.seo, readability: result.scores.readability }, 'draft ready');
      return result;
    } catch (thrown) {
      const error =
        thrown instanceof PlumeError
          ? thrown
          : new TransientError(`Unexpected error: ${thrown instanceof Error ? thrown.message : String(thrown)}`, {
              step: currentStep,
              cause: thrown,
            });
      // The job keeps (and BullMQ's failedReason shows) the public form; the log below keeps the full text.
      const shown = toPublicError(error, { ...disclosure, ownUrls: [job.data.payload.url, job.data.payload.image_url] });
      const info: JobErrorInfo = { ...shown, attempt: job.attemptsMade + 1, at: new Date().toISOString() };
      await job.updateData({ ...job.data, error: info } as ArticleJobData);
      jobFailures.inc({ step: error.step, retryable: String(error.retryable) });
      log.warn({ err: error, cause: error.cause instanceof Error ? error.cause.message : undefined }, 'attempt failed');
      if (error instanceof RateLimitedError) {
        await queue.rateLimit(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      const message = `[${shown.step}] ${shown.message}`;
      if (!error.retryable) throw new UnrecoverableError(message);
      throw new Error(message);
    } finally {
      for (const call of (job.data.state?.calls ?? []).slice(callsBefore)) {
        modelCalls.inc({ outcome: call.outcome });
        modelTokens.inc({ kind: 'prompt' }, call.usage.prompt);
        modelTokens.inc({ kind: 'completion' }, call.usage.completion);
      }
    }
  };
}

export interface ArticleWorkerHandle {
  worker: Worker<ArticleJobData, ArticleResult>;
  queue: Queue<ArticleJobData>;
  /** Stops taking jobs, lets active ones finish, closes connections. */
  close(): Promise<void>;
}

export function startArticleWorker(config: Config, deps: ArticleJobDeps, logger: Logger): ArticleWorkerHandle {
  const connection = redisConnection(config);
  const queue = new Queue<ArticleJobData>(ARTICLE_QUEUE, { connection, prefix: config.queuePrefix });
  const worker = new Worker<ArticleJobData, ArticleResult>(ARTICLE_QUEUE, createArticleProcessor(deps, queue, logger, deploymentDisclosure(config)), {
    connection,
    prefix: config.queuePrefix,
    concurrency: config.jobs.concurrency,
    // A job whose worker died is picked up again; after a third such crash it fails visibly.
    maxStalledCount: 2,
    // BullMQ consults the queue's rate-limit key (set by `queue.rateLimit` on a model 429) only
    // for workers with a limiter: this one never limits by itself, but makes every worker pause.
    limiter: { max: 100_000, duration: 1_000 },
  });
  worker.on('failed', (job, error) => {
    if (job && (job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError)) {
      jobsFinished.inc({ outcome: 'failed' });
      logger.error({ job: job.id, reason: job.failedReason }, 'job failed');
    }
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return {
    worker,
    queue,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
