import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Job, Queue } from 'bullmq';
import { requestError } from '../errors/codes.js';
import { publicMessage, type Disclosure } from '../errors/public-error.js';
import { parseArticlePayload, sourceLimitIssues, type FieldIssue } from '../jobs/article/payload.js';
import type { ArticleResult } from '../jobs/article/run.js';
import { isSourceKey } from '../jobs/article/source-key.js';
import { enqueueArticle, jobProgressSchema, storedJobDataSchema, type ArticleJobData, type StoredJobData } from '../jobs/queue.js';
import { badRequest } from './bad-request.js';
import { siteIssues, type SiteNames } from './sites.js';
import { snakeCaseKeys } from './snake-case.js';

/**
 * The error as the API shows it. The worker stores errors already redacted; this pass hides any
 * address other than the job's own, for jobs failed by older workers or outside the worker
 * (BullMQ's stalled-job and crash reasons).
 */
function shownError(job: Job<ArticleJobData, ArticleResult>, data: StoredJobData) {
  const own: Disclosure = { ownUrls: [data.payload.url, data.payload.image_url] };
  const stored = data.error;
  const text = (value: string | undefined) => (value === undefined ? undefined : publicMessage(value, own));
  // A job BullMQ failed by itself (stalled too often, a crash) has no Plume error: its reason is all there is.
  return {
    ...stored,
    code: stored?.code ?? 'unexpected_error',
    message: text(stored?.message) ?? text(job.failedReason),
    input: text(stored?.input),
  };
}

/** The job's data, parsed: a job this server cannot read is shown with no source details rather than breaking a listing. */
function storedData(job: Job<ArticleJobData, ArticleResult>): StoredJobData {
  const parsed = storedJobDataSchema.safeParse(job.data);
  return parsed.success ? parsed.data : { payload: {} };
}

/**
 * The public view of a job: what operators script against. `state` must have been read before
 * the job's data, so a job that completes in between shows as still active rather than
 * completed without its result.
 */
export function describe(job: Job<ArticleJobData, ArticleResult>, state: string) {
  const data = storedData(job);
  const progress = jobProgressSchema.safeParse(job.progress);
  return {
    id: job.id,
    state,
    // A failed job shows the step it failed in, not the last step it was seen in.
    progress:
      state === 'failed'
        ? { step: 'failed', failed_step: data.error?.step ?? (progress.success ? progress.data.step : undefined) ?? null }
        : job.progress,
    attempts: job.attemptsMade,
    created_at: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn ? { finished_at: new Date(job.finishedOn).toISOString() } : {}),
    source: {
      title: data.payload.title ?? data.state?.clean?.title ?? null,
      url: data.payload.url ?? null,
      language: data.state?.clean?.language ?? data.payload.language ?? null,
    },
    ...(job.returnvalue ? { result: snakeCaseKeys(job.returnvalue) } : {}),
    // A completed job's earlier failed attempts are history, not its outcome.
    ...(state !== 'completed' && (state === 'failed' || data.error) ? { error: shownError(job, data) } : {}),
  };
}

/**
 * Ids that `sourceKey` cannot have made are unknown without asking Redis: BullMQ would read
 * `meta`, `events`, `id`… as its own keys.
 */
export function unknownJob(reply: FastifyReply, id: string) {
  return reply.status(404).send(requestError('job_not_found', { id }));
}

/** `/articles`: enqueue, list, read and retry article jobs (registered behind authentication). */
export async function articleRoutes(api: FastifyInstance, options: { queue: Queue<ArticleJobData>; sites?: SiteNames | undefined }): Promise<void> {
  const { queue } = options;

  api.post('/articles', async (request, reply) => {
    const parsed = parseArticlePayload(request.body);
    const issues = parsed.ok ? [...siteIssues(parsed.payload, options.sites), ...(await sourceLimitIssues(parsed.payload))] : parsed.issues;
    if (!parsed.ok || issues.length > 0) {
      return badRequest(reply, issues);
    }
    const { id, duplicate } = await enqueueArticle(queue, parsed.payload);
    return reply
      .status(duplicate ? 200 : 202)
      .header('location', `/api/articles/${id}`)
      .send({ id, status_url: `/api/articles/${id}`, duplicate });
  });


  api.get<{ Params: { id: string } }>('/articles/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isSourceKey(id)) return unknownJob(reply, id);
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (!job) return unknownJob(reply, id);
    return describe(job, state);
  });

  api.post<{ Params: { id: string } }>('/articles/:id/retry', async (request, reply) => {
    const { id } = request.params;
    if (!isSourceKey(id)) return unknownJob(reply, id);
    const job = await queue.getJob(id);
    if (!job) return unknownJob(reply, id);
    const state = await job.getState();
    if (state !== 'failed') {
      return reply.status(409).send(requestError('job_not_failed', { id, state }));
    }
    // An editor's retry gets a whole retry budget again.
    await job.updateData({ ...job.data, retry: undefined });
    await job.retry('failed');
    return reply.status(202).send({ id: job.id, status_url: `/api/articles/${job.id}` });
  });
}
