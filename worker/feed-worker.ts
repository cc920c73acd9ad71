import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createFeedFetcher } from '../clients/web/fetch-feed.js';
import type { Config } from '../config/index.js';
import { pollFeed } from '../jobs/feeds/poll.js';
import { createFeedQueue, FEED_QUEUE, unscheduleFeed, type FeedPollData } from '../jobs/feeds/scheduler.js';
import { createFeedStore } from '../jobs/feeds/store.js';
import { createArticleQueue, enqueueArticle, redisConnection } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { feedItemsFound, feedItemsQueued, feedPolls } from '../observability/metrics.js';

/**
 * Runs the feeds' scheduled polls. Each run is a BullMQ job, taken by one worker process only;
 * its entries become article jobs through `enqueueArticle`, as `POST /api/articles` does.
 */
export function startFeedWorker(config: Config, logger: Logger): { close(): Promise<void> } {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const store = createFeedStore(redis, config.queuePrefix);
  const articles = createArticleQueue(config);
  const feeds = createFeedQueue(redisConnection(config), config.queuePrefix);
  const fetchFeed = createFeedFetcher({ timeoutMs: config.feeds.timeoutMs, allowPrivateHosts: config.allowPrivateUrls });
  const worker = new Worker<FeedPollData>(
    FEED_QUEUE,
    async (job) => {
      const { feedId } = job.data;
      const log = logger.child({ feed: feedId, job: job.id, step: 'feed.poll' });
      const result = await pollFeed(
        { store, fetchFeed, enqueue: (payload) => enqueueArticle(articles, payload), unschedule: (id) => unscheduleFeed(feeds, id), maxFailures: config.feeds.maxFailures },
        feedId,
      );
      if (result.outcome === 'skipped') {
        log.info({ reason: result.reason }, 'feed poll skipped');
        return result;
      }
      feedPolls.inc({ feed: feedId, outcome: result.outcome });
      if (result.outcome === 'ok') {
        feedItemsFound.inc({ feed: feedId }, result.found);
        feedItemsQueued.inc({ feed: feedId }, result.queued.length);
        log.info({ found: result.found, queued: result.queued.length, skipped: result.skipped.length }, 'feed polled');
      } else if (result.outcome === 'failed' || result.outcome === 'paused') {
        log.warn({ error: result.error, paused: result.outcome === 'paused' }, 'feed poll failed');
      }
      return result;
    },
    { connection: redisConnection(config), prefix: config.queuePrefix, concurrency: 2 },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'feed worker error'));
  return {
    close: async () => {
      await worker.close();
      await Promise.all([articles.close(), feeds.close()]);
      redis.disconnect();
    },
  };
}
