import { requestError } from '../errors/codes.js';
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import { isSourceKey } from '../jobs/article/source-key.js';
import type { ArticleJobData } from '../jobs/queue.js';
import { unknownJob } from './articles.js';

/**
 * States a job may be removed in: not yet started (waiting, or delayed before its next attempt)
 * or given up. An active job is a worker's, and a completed one has a WordPress draft.
 */
export const REMOVABLE_STATES: readonly string[] = ['waiting', 'prioritized', 'delayed', 'failed'];

/** `DELETE /articles/:id` (registered behind authentication). */
export async function articleRemoveRoutes(api: FastifyInstance, options: { queue: Queue<ArticleJobData> }): Promise<void> {
  api.delete<{ Params: { id: string } }>('/articles/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isSourceKey(id)) return unknownJob(reply, id);
    const job = await options.queue.getJob(id);
    if (!job) return unknownJob(reply, id);
    const state = await job.getState();
    const refuse = (now: string) =>
      reply.status(409).send({ ...requestError('job_not_removable', { id, state: now }), state: now });
    if (!REMOVABLE_STATES.includes(state)) return refuse(state);
    try {
      await job.remove();
    } catch (error) {
      // A worker took the job between the read and the removal: BullMQ refuses to remove a locked job.
      const now = await job.getState();
      if (now === 'active') return refuse(now);
      throw error;
    }
    return reply.status(204).send();
  });
}
