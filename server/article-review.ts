import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import { isSourceKey } from '../jobs/article/source-key.js';
import { storedResultSchema, type ArticleJobData } from '../jobs/queue.js';
import { describe, unknownJob } from './articles.js';
import { jobReview } from './job-review.js';
import { notModified } from './not-modified.js';

/** `GET /articles/:id/review`: the job page's data (registered behind authentication). */
export async function articleReviewRoutes(api: FastifyInstance, options: { queue: Queue<ArticleJobData> }): Promise<void> {
  api.get<{ Params: { id: string } }>('/articles/:id/review', { onSend: notModified }, async (request, reply) => {
    const { id } = request.params;
    if (!isSourceKey(id)) return unknownJob(reply, id);
    const state = await options.queue.getJobState(id);
    const job = await options.queue.getJob(id);
    if (!job) return unknownJob(reply, id);
    const result = storedResultSchema.safeParse(job.returnvalue ?? undefined);
    return { job: describe(job, state), ...jobReview(job.data, result.success ? result.data : undefined) };
  });
}
