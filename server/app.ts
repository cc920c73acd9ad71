import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ArticleJobData } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { registry } from '../observability/metrics.js';
import { articleRoutes } from './articles.js';
import { apiAuth } from './auth.js';
import { registerDashboard } from './dashboard.js';

export interface AppOptions {
  queue: Queue<ArticleJobData>;
  /** Dashboard sessions and counts of failed authentications, shared by every server process. */
  redis: Redis;
  apiToken: string;
  logger: Logger;
  /** Largest accepted request body; HTML pages can be big. */
  bodyLimitBytes?: number;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { queue } = options;
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger, bodyLimit: options.bodyLimitBytes ?? 6 * 1024 * 1024 });

  // Bytes that are not UTF-8 would otherwise be decoded to U+FFFD and stored: refused before parsing.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(Object.assign(new Error('expected a JSON body in UTF-8: the body holds bytes that are not valid UTF-8'), { statusCode: 400 }), undefined);
      return;
    }
    parseJson(request, text, done);
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'expected a JSON body (Content-Type: application/json)'
        : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'request body too large'
          : status >= 500
            ? 'internal error'
            : error.message;
    const field = status === 400 ? '(body)' : undefined;
    void reply.status(status).send({ error: message, ...(field ? { issues: [{ field, message }] } : {}) });
  });

  app.get('/health', async (_request, reply) => {
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'failed');
      return { status: 'ok', redis: 'ok', jobs: counts };
    } catch (error) {
      return reply.status(503).send({ status: 'unavailable', redis: (error as Error).message });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  await app.register(apiAuth, {
    prefix: '/api',
    apiToken: options.apiToken,
    redis: options.redis,
    keyPrefix: queue.opts.prefix ?? 'plume',
    routes: (api) => articleRoutes(api, { queue }),
  });

  await registerDashboard(app);
  return app;
}
