import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import { createArticleQueue } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { watchQueue } from '../observability/metrics.js';
import { buildApp } from './app.js';

export interface ServerHandle {
  app: FastifyInstance;
  /** Stops accepting requests, then closes the Redis connections. */
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<ServerHandle> {
  const queue = createArticleQueue(config);
  watchQueue(queue);
  const redis = new Redis(config.redisUrl);
  const app = await buildApp({ queue, redis, apiToken: config.server.apiToken, logger });
  await app.listen({ port: config.server.port, host: config.server.host });
  return {
    app,
    close: async () => {
      await app.close();
      await queue.close();
      await redis.quit();
    },
  };
}
