import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';

/** One registry a process: the server serves it on /metrics; with `npm start` it holds the worker's counters too. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'plume_' });

export const jobsFinished = new Counter({
  name: 'plume_jobs_finished_total',
  help: 'Article jobs finished, by outcome: clean draft, draft marked for review, or failed.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const jobFailures = new Counter({
  name: 'plume_job_attempt_failures_total',
  help: 'Failed attempts of article jobs, by step and whether a retry can help.',
  labelNames: ['step', 'retryable'] as const,
  registers: [registry],
});

export const modelTokens = new Counter({
  name: 'plume_model_tokens_total',
  help: 'Tokens spent on the model, by kind (prompt, completion).',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const modelCalls = new Counter({
  name: 'plume_model_calls_total',
  help: 'Model calls, by answer outcome (ok, truncated, invalid_json, schema_violation, empty).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'plume_job_duration_seconds',
  help: 'Time from the start of an attempt to its successful end.',
  buckets: [5, 15, 30, 60, 120, 300, 600],
  registers: [registry],
});

/** Queue depth by state, read from Redis when scraped. */
export function watchQueue(queue: Queue): void {
  new Gauge({
    name: 'plume_queue_jobs',
    help: 'Article jobs in the queue, by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}
