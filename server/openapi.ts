import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { z } from 'zod';
import { articlePayloadSchema } from '../jobs/article/payload.js';
import { listQuerySchema } from './article-list.js';
import { LISTED_STATES } from '../jobs/queue.js';
import { BATCH_MAX_ITEMS, CSV_COLUMNS } from './batch-items.js';
import { createFeedSchema, patchFeedSchema } from './feeds.js';
import { ERROR_CODES, type ErrorCode } from '../errors/codes.js';

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, as a client sends it. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return rest;
}

/** Every stable code an answer or a job's error can carry, so clients can switch on them. */
const CODES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
const params = z.record(z.string(), z.union([z.string(), z.number()])).describe('The values the message names (field, limit, site…).');
const issue = z.object({
  field: z.string(),
  message: z.string(),
  code: z.enum(CODES).optional().describe('Stable code of this field\'s problem.'),
  params: params.optional(),
});

/** Every refusal: a message naming the input, a stable code where one applies, and the fields at fault. */
const errorBody = z
  .object({
    message: z.string().describe('What was wrong, naming the input (English; programs go by `code`).'),
    code: z.enum(CODES).optional().describe('Stable code for programs; the README\'s "Error codes" gives each one\'s meaning and status.'),
    params: params.optional(),
    issues: z.array(issue).optional().describe('Each field at fault, with what was expected.'),
    state: z.string().optional().describe('On 409: the state the job is in.'),
  })
  .describe('An error');

const jobView = z
  .object({
    id: z.string().describe('The job id: derived from the source, so the same source is always the same job.'),
    state: z.enum([...LISTED_STATES, 'unknown']),
    progress: z
      .object({ step: z.string(), percent: z.number().optional(), failed_step: z.string().nullable().optional() })
      .partial()
      .or(z.number())
      .describe('The step under way: clean, write, check, revise, publish; `failed` with `failed_step` for a failed job.'),
    attempts: z.number().int(),
    created_at: z.string(),
    finished_at: z.string().optional(),
    source: z.object({ title: z.string().nullable(), url: z.string().nullable(), language: z.string().nullable() }),
    result: z
      .looseObject({
        post_id: z.number(),
        edit_url: z.string(),
        title: z.string(),
        needs_review: z.boolean(),
        word_count: z.number(),
        scores: z.object({ seo: z.number(), readability: z.number() }),
        warnings_fr: z.array(z.string()),
      })
      .optional()
      .describe('A completed job: the WordPress draft and its check report.'),
    error: z
      .looseObject({ name: z.string(), message: z.string(), step: z.string(), retryable: z.boolean(), attempt: z.number() })
      .optional()
      .describe('The last failed attempt: its step and whether it is transient.'),
  })
  .describe('An article job');

const enqueued = z.object({ id: z.string(), status_url: z.string(), duplicate: z.boolean() });
const idParams = z.object({ id: z.string().describe('A job id, as returned at enqueue (`src-…`).') });

const batchResult = z.object({
  results: z.array(
    z.object({
      line: z.number().int().describe('The item’s line (JSON Lines, CSV: counting the header) or position (JSON array), from 1.'),
      status: z.enum(['queued', 'duplicate', 'refused']),
      id: z.string().optional().describe('The job; for a duplicate, the existing one.'),
      status_url: z.string().optional(),
      error: z.string().optional(),
      issues: z.array(issue).optional(),
    }),
  ),
  queued: z.number().int(),
  duplicate: z.number().int(),
  refused: z.number().int(),
});

const feedView = z
  .looseObject({
    id: z.string().describe('`feed-` and 16 hex digits, derived from the address: the same feed registered twice is the same feed.'),
    url: z.string(),
    title: z.string().optional(),
    state: z.enum(['active', 'paused']),
    paused_reason: z.string().optional(),
    interval: z.number().int().describe('Minutes between polls.'),
    max_per_poll: z.number().int(),
    since: z.string(),
    created_at: z.string(),
    last_poll_at: z.string().optional(),
    last_outcome: z.enum(['ok', 'not_modified', 'failed']).optional(),
    failures: z.number().int().describe('Failed polls in a row.'),
    items_found: z.number().int(),
    items_queued: z.number().int(),
    next_poll_at: z.string().nullable(),
    queued_jobs: z.array(z.object({ id: z.string(), status_url: z.string() })),
  })
  .describe('A feed Plume polls');
const feedIdParams = z.object({ id: z.string().describe('A feed id (`feed-…`).') });

type Responses = Record<number, z.ZodType | string>;

interface RouteDoc {
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: Record<string, unknown>;
  response: Responses;
}

const NOT_MODIFIED = 'Nothing changed since the answer whose `ETag` was sent in `If-None-Match`';
const errorsOf = (...codes: number[]): Responses => Object.fromEntries(codes.map((code) => [code, errorBody]));
/** Either credential opens the API. */
const SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { session: [] }];
const AUTH_ERRORS = errorsOf(401, 403, 429, 503);
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: jsonSchema(schema) } } });

/**
 * What each route takes and answers, from the zod schemas the routes validate with. A route of
 * the API missing here fails the OpenAPI test, so the reference never lags behind the code.
 */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'POST /api/session': {
    summary: 'Sign in the dashboard',
    description: 'Exchanges the API token for an HttpOnly session cookie and the CSRF value to send in `x-plume-csrf` on changes.',
    tags: ['session'],
    body: json(z.object({ token: z.string() })),
    response: { 201: z.object({ csrf: z.string() }), ...errorsOf(400, 401, 413, 415, 429, 503) },
  },
  'GET /api/session': { summary: 'The CSRF value of the current session', tags: ['session'], response: { 200: z.object({ csrf: z.string().nullable() }), ...AUTH_ERRORS } },
  'DELETE /api/session': { summary: 'Sign out', tags: ['session'], response: { 204: 'Signed out', ...AUTH_ERRORS } },
  'POST /api/articles': {
    summary: 'Enqueue one news item',
    description: 'One of `text`, `html` or `url` carries the source. The same source always makes the same job: sent again, it answers 200 with `duplicate: true`.',
    tags: ['articles'],
    body: json(articlePayloadSchema),
    response: { 202: enqueued, 200: enqueued, ...errorsOf(400, 413, 415), ...AUTH_ERRORS },
  },
  'POST /api/articles/batch': {
    summary: `Enqueue up to ${BATCH_MAX_ITEMS} items`,
    description:
      `A JSON array of items, JSON Lines (\`application/x-ndjson\`, one item a line) or CSV (\`text/csv\`, a header row naming some of ${CSV_COLUMNS.join(', ')}; ` +
      '`tags` separated by commas). Each item is checked and queued on its own: a bad line refuses only itself. ' +
      `More than ${BATCH_MAX_ITEMS} items, or a body that cannot be read at all, refuses the whole batch (400) and queues nothing.`,
    tags: ['articles'],
    body: {
      content: {
        'application/json': { schema: jsonSchema(z.array(articlePayloadSchema).max(BATCH_MAX_ITEMS)) },
        'application/x-ndjson': { schema: { type: 'string', description: 'One JSON item a line.' } },
        'text/csv': { schema: { type: 'string', description: `Header row, then one item a row (columns: ${CSV_COLUMNS.join(', ')}).` } },
      },
    },
    response: { 200: batchResult, ...errorsOf(400, 413, 415), ...AUTH_ERRORS },
  },
  'GET /api/articles': {
    summary: 'List jobs, newest first, a page at a time',
    description:
      'Follow `next_cursor` until it is null. Jobs enqueued meanwhile are newer than the cursor and never shift a page. ' +
      'Every answer has an `ETag`: a poll sending it in `If-None-Match` gets an empty 304 while nothing changed.',
    tags: ['articles'],
    querystring: listQuerySchema,
    response: { 200: z.object({ articles: z.array(jobView), next_cursor: z.string().nullable() }), 304: NOT_MODIFIED, ...errorsOf(400), ...AUTH_ERRORS },
  },
  'GET /api/articles/{id}': { summary: 'One job', tags: ['articles'], params: idParams, response: { 200: jobView, ...errorsOf(404), ...AUTH_ERRORS } },
  'GET /api/articles/{id}/review': {
    summary: 'What an editor reviews: source, article, check report, model calls',
    description:
      'The cleaned source (with what cleaning removed), the chosen answer as text and as a sanitised HTML preview, the check report ' +
      '(Yoast scores and the assessments below target with French labels, facts not found in the source with their passage, ' +
      'originality ratio and copied passages, word count), the model calls with tokens, the draft’s edit link and warnings.',
    tags: ['articles'],
    params: idParams,
    response: { 200: z.looseObject({ job: jobView }).describe('The job and its review'), 304: NOT_MODIFIED, ...errorsOf(404), ...AUTH_ERRORS },
  },
  'POST /api/articles/{id}/retry': {
    summary: 'Retry a failed job',
    description: 'With a whole retry budget again; it resumes from the first step without output.',
    tags: ['articles'],
    params: idParams,
    response: { 202: z.object({ id: z.string(), status_url: z.string() }), ...errorsOf(404, 409), ...AUTH_ERRORS },
  },
  'DELETE /api/articles/{id}': {
    summary: 'Remove a waiting or failed job',
    description: 'An active job is a worker’s and a completed one has a draft: both answer 409 naming the state.',
    tags: ['articles'],
    params: idParams,
    response: { 204: 'Removed', ...errorsOf(404, 409), ...AUTH_ERRORS },
  },
  'GET /api/sites': {
    summary: 'The WordPress sites a job may name',
    description: 'The default site first: a job without `site` goes there. What the dashboard’s site filter offers.',
    tags: ['sites'],
    response: { 200: z.object({ sites: z.array(z.object({ name: z.string(), default: z.boolean() })) }), ...AUTH_ERRORS },
  },
  'POST /api/feeds': {
    summary: 'Register an RSS or Atom feed to poll',
    description: 'The address is read once: one that is not a feed answers 422. Registered again, the same address answers 200 with `duplicate: true`.',
    tags: ['feeds'],
    body: json(createFeedSchema),
    response: { 201: feedView.extend({ duplicate: z.literal(false) }), 200: feedView.extend({ duplicate: z.literal(true) }), ...errorsOf(400, 413, 415, 422), ...AUTH_ERRORS },
  },
  'GET /api/feeds': { summary: 'Every feed', tags: ['feeds'], response: { 200: z.object({ feeds: z.array(feedView) }), ...AUTH_ERRORS } },
  'GET /api/feeds/{id}': { summary: 'One feed', tags: ['feeds'], params: feedIdParams, response: { 200: feedView, ...errorsOf(404), ...AUTH_ERRORS } },
  'PATCH /api/feeds/{id}': {
    summary: 'Change, pause or resume a feed',
    description: '`state: "paused"` stops its polling; `"active"` resumes it and forgets its failures.',
    tags: ['feeds'],
    params: feedIdParams,
    body: json(patchFeedSchema),
    response: { 200: feedView, ...errorsOf(400, 404, 413, 415), ...AUTH_ERRORS },
  },
  'DELETE /api/feeds/{id}': { summary: 'Stop polling a feed and forget it', tags: ['feeds'], params: feedIdParams, response: { 204: 'Removed', ...errorsOf(404), ...AUTH_ERRORS } },
  'GET /healthz': { summary: 'Liveness: the process answers', tags: ['operations'], response: { 200: z.object({ status: z.literal('ok') }) } },
  'GET /readyz': { summary: 'Readiness: Redis and WordPress answer', tags: ['operations'], response: { 200: 'Ready', 503: 'What is missing' } },
  'GET /health': { summary: 'Readiness (alias of /readyz)', tags: ['operations'], response: { 200: 'Ready', 503: 'What is missing' } },
  'GET /metrics': { summary: 'Prometheus metrics', tags: ['operations'], response: { 200: 'Metrics in the Prometheus text format' } },
};

/** Pages for people (dashboard, reference, queue view) and the document itself: not part of the API. */
const UNDOCUMENTED = /^(\/$|\/job$|\/dashboard\/|\/admin\/|\/api\/docs|\/api\/openapi\.json)/;

/** `/api/*` and the operations routes described by OpenAPI 3.1, served at `/api/openapi.json` (behind authentication). */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Plume', version: '1', description: 'News items become French SEO articles, pushed to WordPress as drafts.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'PLUME_API_TOKEN' },
          session: { type: 'apiKey', in: 'cookie', name: 'plume_session', description: 'Dashboard session; changes also need the `x-plume-csrf` header.' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const method = String(route.method);
      const path = url.replace(/:(\w+)/g, '{$1}');
      const doc = ROUTE_DOCS[`${method} ${path}`];
      if (method === 'HEAD' || UNDOCUMENTED.test(url)) return { schema: { ...schema, hide: true }, url };
      // Left bare (no summary, no answers) rather than hidden: the OpenAPI test names it.
      if (!doc) return { schema, url };
      const response = Object.fromEntries(
        Object.entries(doc.response).map(([code, answer]) =>
          typeof answer === 'string' ? [code, { description: answer, type: 'null' }] : [code, { description: answer.description ?? 'OK', ...jsonSchema(answer) }],
        ),
      );
      return {
        url,
        schema: {
          summary: doc.summary,
          ...(doc.description ? { description: doc.description } : {}),
          tags: doc.tags,
          ...(url.startsWith('/api/') && `${method} ${url}` !== 'POST /api/session' ? { security: SECURITY } : {}),
          ...(doc.params ? { params: jsonSchema(doc.params) } : {}),
          ...(doc.querystring ? { querystring: jsonSchema(doc.querystring) } : {}),
          ...(doc.body ? { body: doc.body } : {}),
          response,
        },
      };
    },
  });
}
