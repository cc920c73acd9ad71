import { Queue, type ConnectionOptions, type DefaultJobOptions, type Job } from 'bullmq';
import { Cluster } from 'ioredis';
import { connectRedis, sentinelOptions, type RedisConnection } from '../clients/redis/connect.js';
import { z } from 'zod';
import { isJobErrorCode, type JobErrorCode } from '../errors/codes.js';
import type { Config } from '../config/index.js';
import { parseRedisUrl } from '../config/redis-url.js';
import type { ArticlePayload } from './article/payload.js';
import type { ArticleJobState } from './article/state.js';
import { sourceKey } from './article/source-key.js';
import type { RetryRecord } from './retry-budget.js';

export const ARTICLE_QUEUE = 'articles';
export const ARTICLE_JOB = 'article';

/** What an article job carries; `state` grows as steps complete, so a retry resumes. */
export interface ArticleJobData {
  payload: ArticlePayload;
  sourceKey: string;
  enqueuedAt: string;
  state?: ArticleJobState;
  /** Transient failures since the last completed step (see retry-budget.ts). */
  retry?: RetryRecord;
  /** The last failed attempt, for `GET /api/articles/:id`. */
  error?: JobErrorInfo;
}

/** What `GET /api/articles/:id` shows of the last failed attempt. */
export const jobErrorSchema = z.object({
  name: z.string(),
  /** Absent only from errors stored before codes existed. */
  code: z.custom<JobErrorCode>(isJobErrorCode, { error: 'expected a job error code from errors/codes.ts' }).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
  step: z.string(),
  input: z.string().optional(),
  retryable: z.boolean(),
  attempt: z.number().int(),
  at: z.string(),
});
export type JobErrorInfo = z.infer<typeof jobErrorSchema>;

/**
 * A job's data as the HTTP server reads it from Redis: what it shows, checked, and the rest
 * (model calls, reports) passed over. Written by any worker version, so parsed, never cast.
 */
export const storedJobDataSchema = z.object({
  payload: z.looseObject({
    url: z.string().optional(),
    image_url: z.string().optional(),
    title: z.string().optional(),
    language: z.string().optional(),
  }),
  state: z.looseObject({ clean: z.looseObject({ title: z.string().optional(), language: z.string().optional() }).optional() }).optional(),
  error: jobErrorSchema.optional(),
});
export type StoredJobData = z.infer<typeof storedJobDataSchema>;

/**
 * What the HTTP server reads of a completed job's result (BullMQ's `returnvalue`, from Redis):
 * written by any worker version, so parsed, never cast; the rest is passed over.
 */
export const storedResultSchema = z.looseObject({
  report: z.unknown().optional(),
  cost_usd: z.number().optional(),
  model_calls: z.array(z.looseObject({ cost_usd: z.number().optional() })).optional(),
  edit_url: z.string().optional(),
  warnings_fr: z.array(z.string()).optional(),
});
export type StoredResult = z.infer<typeof storedResultSchema>;

/** The retry record of a job's data, for BullMQ's backoff strategy, which hands over the job untyped. */
export const retriedJobSchema = z.looseObject({ retry: z.object({ since: z.string(), failures: z.number().int() }).optional() });

/** A job's progress as the runner reports it (`{step, percent}`); BullMQ types it as anything. */
export const jobProgressSchema = z.looseObject({ step: z.string().optional(), percent: z.number().optional() });

/** Name of Plume's backoff strategy (worker setting `backoffStrategy`). */
export const RETRY_BACKOFF = 'plume-budget';
/**
 * BullMQ needs a count; the time budget (PLUME_RETRY_BUDGET_MS) is what ends retries, so the
 * count is set far beyond anything a budget can use.
 */
const UNBOUNDED_ATTEMPTS = 1_000_000;

export function articleJobOptions(): DefaultJobOptions {
  return {
    attempts: UNBOUNDED_ATTEMPTS,
    backoff: { type: RETRY_BACKOFF },
    // Completed jobs stay 30 days so a re-enqueue of the same source finds them, and failed
    // ones stay until an editor retries or removes them: nothing vanishes unseen.
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: false,
  };
}

/**
 * The worker's patient connection. One server or a Sentinel set: options, and BullMQ opens (and
 * closes) its connections. A Cluster: BullMQ takes only an open client, which `closeRedisConnection`
 * closes after the queue and worker that share it.
 */
export function redisConnection(config: Pick<Config, 'redisUrl'>): ConnectionOptions {
  const target = parseRedisUrl(config.redisUrl);
  if (target.kind === 'standalone') return { url: config.redisUrl, maxRetriesPerRequest: null };
  if (target.kind === 'sentinel') return sentinelOptions(target, { maxRetriesPerRequest: null }) as ConnectionOptions;
  return connectRedis(target, { maxRetriesPerRequest: null });
}

/** Closes a connection `redisConnection` opened (a Cluster client); options need nothing. */
export async function closeRedisConnection(connection: ConnectionOptions): Promise<void> {
  if (connection instanceof Cluster) await connection.quit().catch(() => connection.disconnect());
}

/**
 * The HTTP server's connection: a request must answer, so a command fails at once while Redis
 * is unreachable (no offline queue, one try, a short timeout) instead of waiting to be sent
 * later, after the client gave up.
 */
export function serverRedisConnection(config: Pick<Config, 'redisUrl' | 'server'>): RedisConnection {
  return connectRedis(config.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: config.server.redisCommandTimeoutMs,
    connectTimeout: config.server.redisCommandTimeoutMs,
    // Keeps reconnecting in the background, at most a second apart, for as long as the server runs.
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
}

/** The queue as the HTTP server uses it; `connection` is the server's fail-fast Redis connection. */
export function createArticleQueue(config: Config, connection: RedisConnection | ConnectionOptions = redisConnection(config)): Queue<ArticleJobData> {
  return new Queue<ArticleJobData>(ARTICLE_QUEUE, {
    connection,
    prefix: config.queuePrefix,
    defaultJobOptions: articleJobOptions(),
  });
}

/**
 * Adds an article job whose id is the source key. BullMQ ignores an `add` whose id exists,
 * so the same source enqueued twice (even concurrently) yields one job.
 */
export async function enqueueArticle(
  queue: Queue<ArticleJobData>,
  payload: ArticlePayload,
): Promise<{ id: string; duplicate: boolean }> {
  const key = sourceKey(payload);
  const existing = await queue.getJob(key);
  if (existing) return { id: key, duplicate: true };
  const job = await queue.add(ARTICLE_JOB, { payload, sourceKey: key, enqueuedAt: new Date().toISOString() }, { jobId: key });
  return { id: job.id ?? key, duplicate: false };
}

/** In the order jobs move through them, so a later state wins when a job is read twice. */
export const LISTED_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed'] as const;
export type ListedState = (typeof LISTED_STATES)[number];

export const isListedState = (value: string): value is ListedState => (LISTED_STATES as readonly string[]).includes(value);

/**
 * Every job of one listed state or of all, each once, with the state it was read in. BullMQ keeps
 * a set per state and has no index on titles or review flags, so callers filter after reading;
 * completed jobs are kept 30 days, which bounds what is read. A job that moved between two reads
 * is listed once, under the later state.
 */
export async function readArticleJobs<Result>(
  queue: Queue<ArticleJobData>,
  state?: ListedState,
): Promise<Array<{ job: Job<ArticleJobData, Result>; state: ListedState }>> {
  const perState = await Promise.all(
    (state ? [state] : [...LISTED_STATES]).map(async (name) =>
      (await queue.getJobs([name], 0, -1, false))
        .filter((job): job is Job<ArticleJobData, Result> => Boolean(job))
        .map((job) => ({ job, state: name })),
    ),
  );
  return [...new Map(perState.flat().map((item) => [item.job.id, item])).values()];
}
