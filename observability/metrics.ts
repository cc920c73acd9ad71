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
  help: 'Tokens spent on the model, by model and kind (prompt, completion).',
  labelNames: ['model', 'kind'] as const,
  registers: [registry],
});

export const modelCost = new Counter({
  name: 'plume_model_cost_usd_total',
  help: 'Estimated cost of model calls in US dollars, by model, from PLUME_MODEL_PRICES (models without a price are not counted).',
  labelNames: ['model'] as const,
  registers: [registry],
});

export const draftScores = new Histogram({
  name: 'plume_draft_yoast_score',
  help: 'Yoast scores (0-100) of the drafts written, by kind (seo, readability), as checked before publishing.',
  labelNames: ['kind'] as const,
  buckets: [30, 50, 60, 70, 80, 90, 95, 100],
  registers: [registry],
});

export const modelCalls = new Counter({
  name: 'plume_model_calls_total',
  help: 'Model calls answered, by model and answer outcome (ok, truncated, invalid_json, schema_violation, empty).',
  labelNames: ['model', 'outcome'] as const,
  registers: [registry],
});

export const stepDuration = new Histogram({
  name: 'plume_step_duration_seconds',
  help: 'Time spent in each step of an article job (clean, write, revise, publish), failed or not.',
  labelNames: ['step'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300],
  registers: [registry],
});

export const wordpressCallDuration = new Histogram({
  name: 'plume_wordpress_call_seconds',
  help: 'WordPress REST calls by operation (posts.create, media.uploadFromUrl…) and outcome (ok, error).',
  labelNames: ['operation', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const wordpressErrors = new Counter({
  name: 'plume_wordpress_errors_total',
  help: 'Failed WordPress REST calls, by operation and whether a retry can help.',
  labelNames: ['operation', 'retryable'] as const,
  registers: [registry],
});

export const lockLosses = new Counter({
  name: 'plume_job_lock_losses_total',
  help: 'Attempts stopped because the worker no longer held the job lock (another worker may run the job).',
  registers: [registry],
});

export const stalledJobs = new Counter({
  name: 'plume_jobs_stalled_total',
  help: 'Jobs found stalled (their worker died or lost its lock) and put back in the queue by this worker.',
  registers: [registry],
});

export const shutdownInterruptions = new Counter({
  name: 'plume_job_shutdown_interruptions_total',
  help: 'Attempts cut short by a shutdown after the grace period and put back in the queue.',
  registers: [registry],
});

/**
 * The same WordPress client with each call timed and its failures counted, so the client itself
 * stays free of metrics.
 */
export function timedWordPress<T extends object>(client: T): T {
  const timed = {} as Record<string, object>;
  for (const [area, api] of Object.entries(client)) {
    const wrapped: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(api as object)) {
      if (typeof member !== 'function') {
        wrapped[name] = member;
        continue;
      }
      const operation = `${area}.${name}`;
      wrapped[name] = async (...args: unknown[]) => {
        const end = wordpressCallDuration.startTimer({ operation });
        try {
          const result = await (member as (...a: unknown[]) => Promise<unknown>).apply(api, args);
          end({ outcome: 'ok' });
          return result;
        } catch (error) {
          end({ outcome: 'error' });
          const retryable = (error as { retryable?: unknown }).retryable;
          wordpressErrors.inc({ operation, retryable: String(retryable === true) });
          throw error;
        }
      };
    }
    timed[area] = wrapped;
  }
  return timed as T;
}

export const jobDuration = new Histogram({
  name: 'plume_job_duration_seconds',
  help: 'Time from the start of an attempt to its successful end.',
  buckets: [5, 15, 30, 60, 120, 300, 600],
  registers: [registry],
});

/** Queue depth by state, read from Redis when scraped; left out while Redis is away, so /metrics still answers. */
export function watchQueue(queue: Queue, redis: { status: string }): void {
  new Gauge({
    name: 'plume_queue_jobs',
    help: 'Article jobs in the queue, by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      if (redis.status !== 'ready') return;
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}

export const feedPolls = new Counter({
  name: 'plume_feed_polls_total',
  help: 'Feed polls, by feed id and outcome (ok, not_modified, failed, paused: the failure that paused the feed).',
  labelNames: ['feed', 'outcome'] as const,
  registers: [registry],
});

export const feedItemsFound = new Counter({
  name: 'plume_feed_items_found_total',
  help: 'Feed entries seen for the first time, by feed id.',
  labelNames: ['feed'] as const,
  registers: [registry],
});

export const feedItemsQueued = new Counter({
  name: 'plume_feed_items_queued_total',
  help: 'Article jobs queued from feed entries, by feed id.',
  labelNames: ['feed'] as const,
  registers: [registry],
});
