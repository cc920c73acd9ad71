import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Queue } from 'bullmq';
import type { RedisConnection as Redis } from '../clients/redis/connect.js';
import { requestError } from '../errors/codes.js';
import type { ArticleJobData } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { registry } from '../observability/metrics.js';
import { registerAdminQueues } from './admin-queues.js';
import { articleBatchRoutes } from './article-batch.js';
import { articleListRoutes } from './article-list.js';
import { articleReviewRoutes } from './article-review.js';
import { articleRemoveRoutes } from './article-remove.js';
import { articleRoutes } from './articles.js';
import { apiAuth } from './auth.js';
import { feedRoutes, type FeedRouteOptions } from './feeds.js';
import { registerDashboard } from './dashboard.js';
import { siteStatesKey } from '../config/sites.js';
import { siteRoutes, sitesReadiness, type SiteNames } from './sites.js';
import { checkReadiness, checkWordPress, isRedisUnavailable, RedisUnavailableError, RETRY_AFTER_SECONDS } from './readiness.js';
import { registerOpenApi } from './openapi.js';
import { openApiDocumentRoute, registerReferencePage } from './reference.js';

export interface AppOptions {
  queue: Queue<ArticleJobData>;
  /**
   * The server's own fail-fast Redis connection (no offline queue): dashboard sessions, counts of
   * failed authentications, and its status says at once whether Redis can be asked.
   */
  redis: Redis;
  /** The WordPress site `/readyz` checks, when this process knows it. */
  wordpressUrl?: string | undefined;
  /** The sites a job may name; jobs without `site` only when absent. */
  sites?: SiteNames | undefined;
  /** Each site's address, for `/readyz`. */
  siteUrls?: ReadonlyArray<{ name: string; url: string }> | undefined;
  apiToken: string;
  logger: Logger;
  /** The feeds' routes (`/api/feeds`), when this process schedules feeds. */
  feeds?: Omit<FeedRouteOptions, 'redis' | 'prefix'>;
  /** Largest accepted request body; HTML pages can be big. */
  bodyLimitBytes?: number;
}

/** How long a request made while the server's first Redis connection is under way waits for it. */
const STARTUP_WAIT_MS = 2_000;

function firstConnection(redis: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
  });
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
      done(Object.assign(new Error('expected a JSON body in UTF-8: the body holds bytes that are not valid UTF-8'), { statusCode: 400, code: 'body_not_utf8' }), undefined);
      return;
    }
    parseJson(request, text, done);
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof RedisUnavailableError || isRedisUnavailable(error)) {
      request.log.warn({ err: error }, 'Redis unavailable');
      return reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(requestError('redis_unavailable'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const code =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'unsupported_media_type'
        : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body_too_large'
          : status >= 500
            ? 'internal_error'
            : error.code === 'body_not_utf8'
              ? 'body_not_utf8'
              : 'body_invalid';
    // A body that cannot be read is an issue of the field `(body)`, as the form shows it.
    const answer = { ...requestError(code), ...(code === 'body_invalid' ? { message: error.message } : {}) };
    const issues = status === 400 ? [{ field: '(body)', code: 'field_type', message: answer.message, params: { expected: 'JSON' } }] : undefined;
    void reply.status(status).send({ ...answer, ...(issues ? { issues } : {}) });
  });

  // Until the first connection is made, a request waits for it a moment rather than fail: a
  // client calling right after start-up is not told Redis is away when it is only being reached.
  let connectedOnce = options.redis.status === 'ready';
  if (!connectedOnce) options.redis.once('ready', () => (connectedOnce = true));

  app.addHook('onRequest', async (request) => {
    // While Redis is away a queue command would wait for it: answer now instead. The matched
    // route, not the raw URL, as for authentication.
    const route = request.routeOptions.url ?? request.url;
    const ready = () => options.redis.status === 'ready';
    if (!route.startsWith('/api/') || ready()) return;
    if (!connectedOnce) await firstConnection(options.redis, STARTUP_WAIT_MS);
    if (!ready()) throw new RedisUnavailableError(`connection ${options.redis.status}`);
  });

  // Before any route, so that it sees them all.
  await registerOpenApi(app);

  // The process answers: for a liveness probe, which must not restart Plume because Redis is away.
  app.get('/healthz', async () => ({ status: 'ok' }));

  // Everything a request needs answers: for a readiness probe and operators, naming what is missing.
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const readiness = await checkReadiness(options.redis, options.wordpressUrl);
    if (readiness.missing.length > 0) reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS));
    // One failing site does not make the server unready: the others keep working.
    if (!options.siteUrls?.length) return readiness;
    const sites = await sitesReadiness(options.redis, siteStatesKey(queue.opts.prefix ?? 'plume'), options.siteUrls, checkWordPress);
    return { ...readiness, sites };
  };
  app.get('/readyz', ready);
  app.get('/health', ready);

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  await app.register(apiAuth, {
    prefix: '/api',
    apiToken: options.apiToken,
    redis: options.redis,
    keyPrefix: queue.opts.prefix ?? 'plume',
    routes: async (api) => {
      await articleRoutes(api, { queue, sites: options.sites });
      if (options.feeds) await feedRoutes(api, { ...options.feeds, sites: options.sites, redis: options.redis, prefix: queue.opts.prefix ?? 'plume' });
      await api.register(articleListRoutes, { queue, sites: options.sites });
      await api.register(siteRoutes, { sites: options.sites });
      await api.register(articleRemoveRoutes, { queue });
      await api.register(articleBatchRoutes, { queue });
      await api.register(articleReviewRoutes, { queue });
      await api.register(openApiDocumentRoute);
    },
  });
  const credentials = { apiToken: options.apiToken, redis: options.redis, keyPrefix: queue.opts.prefix ?? 'plume' };
  await registerReferencePage(app, credentials);
  await registerAdminQueues(app, { ...credentials, queue });

  await registerDashboard(app);
  return app;
}
