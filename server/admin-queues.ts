import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { ArticleJobData } from '../jobs/queue.js';
import { registerBehindCredentials, type CredentialOptions } from './auth.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';

/**
 * bull-board at `/admin/queues`, behind the API's credentials (a dashboard session or the bearer
 * token). Read-only: retries and removals go through the API, which keeps its own rules (an
 * editor's retry gets a new budget, an active job is never removed) and its CSRF check.
 */
export async function registerAdminQueues(app: FastifyInstance, options: CredentialOptions & { queue: Queue<ArticleJobData> }): Promise<void> {
  await registerBehindCredentials(app, options, async (scope) => {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(options.queue, { readOnlyMode: true })],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Plume' } },
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: ADMIN_QUEUES_PATH });
  });
}
