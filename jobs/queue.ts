import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { Config } from '../config/index.js';
import type { ArticlePayload } from './article/payload.js';
import type { ArticleJobState } from './article/state.js';
import { sourceKey } from './article/source-key.js';

export const ARTICLE_QUEUE = 'articles';
export const ARTICLE_JOB = 'article';

/** What an article job carries; `state` grows as steps complete, so a retry resumes. */
export interface ArticleJobData {
  payload: ArticlePayload;
  sourceKey: string;
  enqueuedAt: string;
  state?: ArticleJobState;
}

export function articleJobOptions(config: Config): DefaultJobOptions {
  return {
    attempts: config.jobs.attempts,
    backoff: { type: 'exponential', delay: config.jobs.backoffMs },
    // Completed jobs stay 30 days so a re-enqueue of the same source finds them, and failed
    // ones stay until an editor retries or removes them: nothing vanishes unseen.
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: false,
  };
}

export function redisConnection(config: Pick<Config, 'redisUrl'>): ConnectionOptions {
  return { url: config.redisUrl, maxRetriesPerRequest: null };
}

export function createArticleQueue(config: Config): Queue<ArticleJobData> {
  return new Queue<ArticleJobData>(ARTICLE_QUEUE, {
    connection: redisConnection(config),
    prefix: config.queuePrefix,
    defaultJobOptions: articleJobOptions(config),
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
