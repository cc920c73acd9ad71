/**
 * How long a job keeps trying through transient faults: a budget in time, counted from the first
 * failure since the last step that completed, so a long outage is outlasted and progress starts
 * the count again. Pure functions; the worker stores the record in the job's data.
 */
export interface RetryPolicy {
  /** First delay; each further failure doubles it. */
  backoffMs: number;
  /** No delay exceeds this. */
  backoffMaxMs: number;
  /** Transient failures are retried until this long after the first of them. */
  budgetMs: number;
}

/** Failures since the last progress. */
export interface RetryRecord {
  /** When the first of them happened (ISO time). */
  since: string;
  failures: number;
}

export function recordFailure(previous: RetryRecord | undefined, now: Date): RetryRecord {
  return previous ? { since: previous.since, failures: previous.failures + 1 } : { since: now.toISOString(), failures: 1 };
}

/** True when no retry may follow a failure now: the budget is spent. */
export function budgetSpent(record: RetryRecord | undefined, policy: RetryPolicy, now: Date): boolean {
  return record !== undefined && now.getTime() - Date.parse(record.since) >= policy.budgetMs;
}

/**
 * Exponential delay capped at `backoffMaxMs`, with "equal jitter" (half fixed, half random) so
 * workers that failed together do not all come back at the same instant.
 */
export function retryDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffMs * 2 ** Math.min(Math.max(failures - 1, 0), 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function describeBudget(policy: RetryPolicy): string {
  const minutes = policy.budgetMs / 60_000;
  return minutes >= 1 ? `${Math.round(minutes * 10) / 10} min` : `${Math.round(policy.budgetMs / 100) / 10} s`;
}
