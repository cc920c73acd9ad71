import type { RedisConnection as Redis } from '../clients/redis/connect.js';

/** What a 503 tells clients to wait before trying again. */
export const RETRY_AFTER_SECONDS = 1;
/** No readiness check may hold a probe longer than this. */
const CHECK_TIMEOUT_MS = 1_000;

/** Redis cannot be asked now; the request did nothing. */
export class RedisUnavailableError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * What ioredis throws when Redis is away: no connection (offline queue disabled), the
 * connection dropped, the one retry spent, the command timeout reached.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return /Stream isn't writeable|enableOfflineQueue|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/.test(error.message);
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  redis: string;
  wordpress: string;
  /** The services that do not answer, by name. */
  missing: string[];
}

const withTimeout = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);

async function checkRedis(redis: Pick<Redis, 'status' | 'ping'>): Promise<string> {
  if (redis.status !== 'ready') return `unreachable (connection ${redis.status})`;
  try {
    await withTimeout(redis.ping(), 'PING');
    return 'ok';
  } catch (error) {
    // Said without its text: an unauthenticated probe must not learn internal addresses (logs have them).
    return `unreachable (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`;
  }
}

/** The REST index answers with JSON: WordPress is up and its REST API on. */
export async function checkWordPress(url: string | undefined): Promise<string> {
  if (!url) return 'not configured';
  try {
    const response = await fetch(`${url}/?rest_route=/`, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS), redirect: 'manual' });
    // The status is the answer; the index itself (every route of the site) is not read.
    await response.body?.cancel();
    if (!response.ok) return `unreachable (HTTP ${response.status})`;
    return 'ok';
  } catch (error) {
    const cause = (error as Error & { cause?: NodeJS.ErrnoException }).cause;
    return `unreachable (${cause?.code ?? (error as Error).name})`;
  }
}

export async function checkReadiness(redis: Pick<Redis, 'status' | 'ping'>, wordpressUrl: string | undefined): Promise<Readiness> {
  const [redisState, wordpressState] = await Promise.all([checkRedis(redis), checkWordPress(wordpressUrl)]);
  const missing = [...(redisState === 'ok' ? [] : ['redis']), ...(wordpressState.startsWith('unreachable') ? ['wordpress'] : [])];
  return { status: missing.length === 0 ? 'ready' : 'not_ready', redis: redisState, wordpress: wordpressState, missing };
}
