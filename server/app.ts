import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Job, Queue } from 'bullmq';
import { parseArticlePayload, sourceLimitIssues } from '../jobs/article/payload.js';
import type { ArticleResult } from '../jobs/article/run.js';
import { enqueueArticle, type ArticleJobData } from '../jobs/queue.js';
import type { Logger } from '../observability/logger.js';
import { registry } from '../observability/metrics.js';
import { registerDashboard } from './dashboard.js';

export interface AppOptions {
  queue: Queue<ArticleJobData>;
  apiToken: string;
  logger: Logger;
  /** Largest accepted request body; HTML pages can be big. */
  bodyLimitBytes?: number;
}

type StoredData = ArticleJobData & { error?: unknown };

/**
 * The public view of a job: what operators script against. `state` must have been read before
 * the job's data, so a job that completes in between shows as still active rather than
 * completed without its result.
 */
function describe(job: Job<ArticleJobData, ArticleResult>, state: string) {
  const data = job.data as StoredData;
  return {
    id: job.id,
    state,
    progress: job.progress,
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

  app.post('/api/articles', async (request, reply) => {
    const parsed = parseArticlePayload(request.body);
    const issues = parsed.ok ? await sourceLimitIssues(parsed.payload) : parsed.issues;
    if (!parsed.ok || issues.length > 0) {
      return reply.status(400).send({
        error: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        issues,
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
    await job.retry('failed');
    return reply.status(202).send({ id: job.id, status_url: `/api/articles/${job.id}` });
  });

  await registerDashboard(app);
  return app;
}
