import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { loadConfig, type Config } from '../../config/index.js';
import { createCheckPool } from '../../jobs/article/checks/check-pool.js';
import type { ArticleJobDeps } from '../../jobs/article/run.js';
import { createArticleQueue, serverRedisConnection } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { startArticleWorker } from '../../worker/article-worker.js';
import { buildArticleJobDeps } from '../../worker/build-deps.js';
import { useRedisPrefix } from './redis.js';

export const TEST_API_TOKEN = 'db1e92765c49d979ef9f8f0b3b5827db90faae82e08945eface84818032af4d3';

/** The variables that point Plume at a scripted model and a test WordPress. */
export function servicesEnv(
  model: { baseURL: string },
  wordpress: { url: string; username: string; appPassword: string },
): Record<string, string> {
  return {
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.baseURL,
    // The SDK's own retries off: tests see each scripted answer and BullMQ's handling of it.
    OPENAI_MAX_RETRIES: '0',
    WP_URL: wordpress.url,
    WP_USERNAME: wordpress.username,
    WP_APP_PASSWORD: wordpress.appPassword,
    // Source pages and images are served on loopback here.
    PLUME_ALLOW_PRIVATE_URLS: 'true',
  };
}

export interface PlumeUnderTest {
  baseUrl: string;
  config: Config;
  deps: ArticleJobDeps;
  /** A JSON request to the HTTP API with the bearer token. */
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  /** Polls `GET /api/articles/:id` until the job is completed or failed. */
  waitForEnd(id: string, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

/**
 * Plume as `npm start` runs it (worker + HTTP server, configured from environment variables),
 * against the given real services, with a queue prefix of its own.
 */
export async function startPlume(env: Record<string, string>, logDestination?: DestinationStream): Promise<PlumeUnderTest> {
  const redis = await useRedisPrefix();
  const config = loadConfig({
    REDIS_URL: redis.redisUrl,
    PLUME_QUEUE_PREFIX: redis.prefix,
    PLUME_API_TOKEN: TEST_API_TOKEN,
    PLUME_BACKOFF_MS: '200',
    LOG_LEVEL: process.env.PLUME_TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const logger = createLogger(config.logLevel, 'plume-test', logDestination);
  // Checks in their thread pool, as worker/main.ts runs them.
  const checkPool = createCheckPool();
  const owned = { check: checkPool.check };
  const deps = buildArticleJobDeps(config, undefined, owned);
  const worker = startArticleWorker(config, (signal) => buildArticleJobDeps(config, signal, owned), logger);
  const redisConnection = serverRedisConnection(config);
  const queue = createArticleQueue(config, redisConnection);
  const app = await buildApp({ queue, redis: redisConnection, wordpressUrl: config.wordpress.url, apiToken: config.server.apiToken, logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const api: PlumeUnderTest['api'] = async (method, path, body, token = TEST_API_TOKEN) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    baseUrl,
    config,
    deps,
    api,
    async waitForEnd(id, timeoutMs = 60_000) {
      if (typeof id !== 'string') throw new Error(`waitForEnd: no job id (${String(id)}); the enqueue did not answer 202`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await api('GET', `/api/articles/${id}`);
        if (body.state === 'completed' || body.state === 'failed') return body;
        if (Date.now() > deadline) throw new Error(`job ${id} still ${body.state} after ${timeoutMs} ms: ${JSON.stringify(body)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await app.close();
      await worker.close();
      await checkPool.close();
      await queue.close();
      redisConnection.disconnect();
      await redis.cleanup();
    },
  };
}
