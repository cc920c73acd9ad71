import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseArticlePayload } from '../jobs/article/payload.js';
import type { ArticleResult } from '../jobs/article/run.js';
import { enqueueArticle, type ArticleJobData } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { registry } from '../observability/metrics.js';
import { registerDashboard } from './dashboard.js';
import { checkReadiness, isRedisUnavailable, RedisUnavailableError, RETRY_AFTER_SECONDS } from './readiness.js';

export interface AppOptions {
  queue: Queue<ArticleJobData>;
  /** The queue's Redis connection, whose status says at once whether Redis can be asked. */
  redis: Pick<Redis, 'status' | 'ping'>;
  /** The WordPress site `/readyz` checks, when this process knows it. */
  wordpressUrl?: string | undefined;
  apiToken: string;
  logger: Logger;
  /** Largest accepted request body; HTML pages can be big. */
  bodyLimitBytes?: number;
}

/**
 * The public view of a job: what operators script against. `state` must have been read before
 * the job's data, so a job that completes in between shows as still active rather than
 * completed without its result.
 */
function describe(job: Job<ArticleJobData, ArticleResult>, state: string) {
  const data = job.data;
  return {
    id: job.id,
    state,
    // A failed job shows the step it failed in, not the last step it was seen in.
    progress: state === 'failed' ? { step: 'failed', failed_step: data.error?.step ?? (job.progress as { step?: string } | undefined)?.step ?? null } : job.progress,
    attempts: job.attemptsMade,
    created_at: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn ? { finished_at: new Date(job.finishedOn).toISOString() } : {}),
    source: {
      title: data.payload.title ?? data.state?.clean?.title ?? null,
      url: data.payload.url ?? null,
      language: data.state?.clean?.language ?? data.payload.language ?? null,
    },
    ...(job.returnvalue ? { result: job.returnvalue } : {}),
    // A completed job's earlier failed attempts are history, not its outcome.
    ...(state !== 'completed' && (state === 'failed' || data.error)
      ? { error: { message: job.failedReason || undefined, ...(data.error as object | undefined) } }
      : {}),
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** In the order jobs move through them, so a later state wins when a job is read twice. */
const LISTED_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed'] as const;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { queue } = options;
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger, bodyLimit: options.bodyLimitBytes ?? 6 * 1024 * 1024 });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof RedisUnavailableError || isRedisUnavailable(error)) {
      request.log.warn({ err: error }, 'Redis unavailable');
      return reply
        .status(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({
          error: `Redis is unreachable (${error.message}); nothing was done unless the id comes back. Try again shortly: the same source is always the same job, so a retry never makes a second one.`,
          code: 'redis_unavailable',
        });
    }
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

  app.addHook('onRequest', async (request, reply) => {
    // The matched route, not the raw URL: `/%61pi/…` reaches the same handlers. Unmatched URLs
    // end in a 404 that shows nothing.
    const route = request.routeOptions.url ?? request.url;
    if (!route.startsWith('/api/')) return;
    if (!tokenMatches(request.headers.authorization, options.apiToken)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'missing or wrong bearer token (Authorization: Bearer <PLUME_API_TOKEN>)' });
    }
    // While Redis is away a queue command would wait for it: answer now instead.
    if (options.redis.status !== 'ready') throw new RedisUnavailableError(`connection ${options.redis.status}`);
  });

  // The process answers: for a liveness probe, which must not restart Plume because Redis is away.
  app.get('/healthz', async () => ({ status: 'ok' }));

  // Everything a request needs answers: for a readiness probe and operators, naming what is missing.
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const readiness = await checkReadiness(options.redis, options.wordpressUrl);
    if (readiness.missing.length > 0) reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS));
    return readiness;
  };
  app.get('/readyz', ready);
  app.get('/health', ready);

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  app.post('/api/articles', async (request, reply) => {
    const parsed = parseArticlePayload(request.body);
    if (!parsed.ok) {
      return reply.status(400).send({
        error: parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        issues: parsed.issues,
      });
    }
    const { id, duplicate } = await enqueueArticle(queue, parsed.payload);
    return reply
      .status(duplicate ? 200 : 202)
      .header('location', `/api/articles/${id}`)
      .send({ id, status_url: `/api/articles/${id}`, duplicate });
  });

  app.get<{ Querystring: { limit?: string; state?: string } }>('/api/articles', async (request, reply) => {
    const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 200);
    const wanted = request.query.state;
    if (wanted !== undefined && !(LISTED_STATES as readonly string[]).includes(wanted)) {
      return reply.status(400).send({
        error: `state: expected one of ${LISTED_STATES.join(', ')}`,
        issues: [{ field: 'state', message: `expected one of ${LISTED_STATES.join(', ')}` }],
      });
    }
    // One read per state: a job listed under a state was read from that state's set.
    const perState = await Promise.all(
      (wanted ? [wanted as (typeof LISTED_STATES)[number]] : [...LISTED_STATES]).map(async (state) =>
        (await queue.getJobs([state], 0, limit - 1, false))
          .filter((job): job is Job<ArticleJobData, ArticleResult> => Boolean(job))
          .map((job) => ({ job, state })),
      ),
    );
    // A job that moved between two reads is listed once, under the later state.
    const described = [...new Map(perState.flat().map((item) => [item.job.id, item])).values()]
      .sort((a, b) => b.job.timestamp - a.job.timestamp)
      .slice(0, limit)
      .map(({ job, state }) => describe(job, state));
    return { articles: described };
  });

  app.get<{ Params: { id: string } }>('/api/articles/:id', async (request, reply) => {
    const state = await queue.getJobState(request.params.id);
    const job = await queue.getJob(request.params.id);
    if (!job) return reply.status(404).send({ error: `no article job with id "${request.params.id}"` });
    return describe(job, state);
  });

  app.post<{ Params: { id: string } }>('/api/articles/:id/retry', async (request, reply) => {
    const job = await queue.getJob(request.params.id);
    if (!job) return reply.status(404).send({ error: `no article job with id "${request.params.id}"` });
    const state = await job.getState();
    if (state !== 'failed') {
      return reply.status(409).send({ error: `job "${job.id}" is ${state}; only failed jobs can be retried` });
    }
    // An editor's retry gets a whole retry budget again.
    await job.updateData({ ...job.data, retry: undefined });
    await job.retry('failed');
    return reply.status(202).send({ id: job.id, status_url: `/api/articles/${job.id}` });
  });

  await registerDashboard(app);
  return app;
}
