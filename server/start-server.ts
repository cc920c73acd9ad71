import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import { createFeedFetcher } from '../clients/web/fetch-feed.js';
import { createFeedQueue } from '../jobs/feeds/scheduler.js';
import { createArticleQueue, serverRedisConnection } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { watchQueue } from '../observability/metrics.js';
import { buildApp } from './app.js';

export interface ServerHandle {
  app: FastifyInstance;
  /** Stops accepting requests, then closes the Redis connections. */
  close(): Promise<void>;
}

/** Starts even while Redis is down: requests that need it get 503 and `/readyz` says so. */
export async function startServer(config: Config, logger: Logger): Promise<ServerHandle> {
  const redis = serverRedisConnection(config);
  let reported = '';
  // One line per change of state, not one per reconnection attempt.
  const report = (state: string, detail?: string) => {
    if (state === reported) return;
    reported = state;
    if (state === 'ready') logger.info('Redis reachable');
    else logger.warn({ reason: detail, fix: 'start Redis or correct REDIS_URL' }, 'Redis unreachable: requests that need it answer 503');
  };
  redis.on('ready', () => report('ready'));
  redis.on('error', (error: Error) => report('error', error.message));
  const queue = createArticleQueue(config, redis);
  queue.on('error', (error) => report('error', error.message));
  watchQueue(queue, redis);
  const feedQueue = createFeedQueue(redis, config.queuePrefix);
  feedQueue.on('error', (error) => report('error', error.message));
  const feeds = {
    queue: feedQueue,
    fetchFeed: createFeedFetcher({ timeoutMs: config.feeds.timeoutMs, allowPrivateHosts: config.allowPrivateUrls }),
    minuteMs: config.feeds.minuteMs,
  };
  const sites = { names: config.sites.map((site) => site.name), defaultName: config.sites[0]?.name ?? '' };
  const app = await buildApp({ queue, redis, wordpressUrl: config.wordpress.url || undefined, sites, siteUrls: config.sites, apiToken: config.server.apiToken, logger, feeds });
  await app.listen({ port: config.server.port, host: config.server.host });
  return {
    app,
    close: async () => {
      await app.close();
      await queue.close();
      await feedQueue.close();
      redis.disconnect();
    },
  };
}
