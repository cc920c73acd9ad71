import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectRedis, type RedisConnection } from '../redis/connect.js';

/**
 * A requests-per-minute and tokens-per-minute budget shared by every worker through Redis, so
 * calls are paced before the provider answers 429. A sliding log (one sorted-set entry per call,
 * scored by Redis's own clock, holding the call's tokens) checked and appended in one Lua script:
 * providers limit over a rolling minute, and a fixed window (what `rate-limiter-flexible` offers
 * on Redis) lets twice the limit through around a window boundary, which is exactly a 429.
 */
export interface RateBudget {
  /** Waits until a call of about `tokens` fits in both budgets, then counts it. */
  acquire(tokens: number): Promise<RateTicket>;
  close(): Promise<void>;
}

export interface RateTicket {
  /**
   * After the answer (or the failure): replaces the estimate with the tokens the provider
   * counted, and reads its `x-ratelimit-*` headers when it sent them. Never rejects.
   */
  settle(outcome: { tokens?: number | undefined; headers?: Headers | undefined }): Promise<void>;
}

export interface RateBudgetOptions {
  redisUrl: string;
  /** Redis key prefix (the queue's): workers of one deployment share one budget per model. */
  prefix: string;
  model: string;
  /** Requests per window; undefined or 0 = unlimited. */
  requests?: number | undefined;
  /** Tokens per window; undefined or 0 = unlimited. */
  tokens?: number | undefined;
  /** The provider's window: a minute. */
  windowMs?: number | undefined;
  /**
   * Added to the window: a call is counted here just before it is sent and by the provider when
   * it arrives, so an uneven network could otherwise put one call too many in its minute.
   */
  marginMs?: number | undefined;
}

// KEYS: log, pause. ARGV: requests, tokens, need, member, window.
// Returns 0 when the call was counted, else the milliseconds until it could fit.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if pause > now then return pause - now end
local maxRequests, maxTokens, need, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local log = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local count = #log / 2
local wait = 0
if maxRequests > 0 and count >= maxRequests then
  wait = tonumber(log[(count - maxRequests) * 2 + 2]) + window - now
end
if maxTokens > 0 then
  local used = 0
  for i = 1, #log, 2 do used = used + tonumber(string.match(log[i], ':(%d+)$')) end
  local freed = 0
  local i = 1
  while used - freed + need > maxTokens and i < #log do
    freed = freed + tonumber(string.match(log[i], ':(%d+)$'))
    wait = math.max(wait, tonumber(log[i + 1]) + window - now)
    i = i + 2
  end
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

// KEYS: log. ARGV: old member, new member. Keeps the call's time, changes its tokens.
const SETTLE = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], score, ARGV[2])
return 1
`;

// KEYS: pause. ARGV: milliseconds. Only ever lengthens a pause.
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[1]) or '0') < untilMs then
  redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]))
end
return 0
`;

type BudgetRedis = RedisConnection & {
  acquireBudget(log: string, pause: string, requests: number, tokens: number, need: number, member: string, window: number): Promise<number>;
  settleBudget(log: string, oldMember: string, newMember: string): Promise<number>;
  pauseBudget(pause: string, ms: number): Promise<number>;
};

/** `6m0s`, `1.5s`, `20ms`, `2h` (OpenAI's reset headers), or plain seconds. */
export function parseResetMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let matched = '';
  for (const [part, amount, name] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * unit[name!]!;
    matched += part;
  }
  return matched === trimmed && matched !== '' ? Math.ceil(total) : undefined;
}

/**
 * How long the provider's own headers say to hold every call: until the request window resets
 * when no request is left, until the token window resets when fewer tokens are left than this
 * call was counted for (the next one is likely as large).
 */
export function headerPauseMs(headers: Headers | undefined, callTokens: number): number {
  if (!headers) return 0;
  const remaining = (name: string) => {
    const value = headers.get(`x-ratelimit-remaining-${name}`);
    return value === null || value.trim() === '' ? undefined : Number(value);
  };
  let pause = 0;
  const requests = remaining('requests');
  if (requests !== undefined && requests <= 0) pause = Math.max(pause, parseResetMs(headers.get('x-ratelimit-reset-requests')) ?? 0);
  const tokens = remaining('tokens');
  if (tokens !== undefined && tokens < callTokens) pause = Math.max(pause, parseResetMs(headers.get('x-ratelimit-reset-tokens')) ?? 0);
  return pause;
}

export function createRateBudget(options: RateBudgetOptions): RateBudget {
  const requests = options.requests ?? 0;
  const tokens = options.tokens ?? 0;
  const window = (options.windowMs ?? 60_000) + (options.marginMs ?? 1_000);
  const redis = connectRedis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true }) as BudgetRedis;
  redis.defineCommand('acquireBudget', { numberOfKeys: 2, lua: ACQUIRE });
  redis.defineCommand('settleBudget', { numberOfKeys: 1, lua: SETTLE });
  redis.defineCommand('pauseBudget', { numberOfKeys: 1, lua: PAUSE });
  const base = `${options.prefix}:rate-budget:${options.model}`;
  const logKey = `${base}:log`;
  const pauseKey = `${base}:pause`;

  return {
    async acquire(estimate) {
      // A call larger than the whole token budget waits for an empty window rather than forever.
      const need = Math.max(1, Math.round(tokens > 0 ? Math.min(estimate, tokens) : estimate));
      const id = randomUUID();
      for (;;) {
        const wait = await redis.acquireBudget(logKey, pauseKey, requests, tokens, need, id, window);
        if (wait <= 0) break;
        // Waiters spread a little so they do not all ask again in the same millisecond.
        await sleep(wait + Math.floor(Math.random() * 20));
      }
      return {
        async settle(outcome) {
          try {
            if (outcome.tokens !== undefined && outcome.tokens > 0 && outcome.tokens !== need) {
              await redis.settleBudget(logKey, `${id}:${need}`, `${id}:${Math.round(outcome.tokens)}`);
            }
            const pause = headerPauseMs(outcome.headers, outcome.tokens ?? need);
            if (pause > 0) await redis.pauseBudget(pauseKey, pause);
          } catch {
            // The answer is paid for and must not be lost to Redis: the estimate stays counted,
            // which only errs on the side of pacing.
          }
        },
      };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Tokens a call may be counted for before it is sent: the prompt (about 4 characters a token) plus the answer's limit, as OpenAI counts it. */
export function estimateCallTokens(messages: ReadonlyArray<{ content: string }>, maxTokens: number): number {
  const characters = messages.reduce((sum, message) => sum + message.content.length, 0);
  return Math.ceil(characters / 4) + maxTokens;
}
