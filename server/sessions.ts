import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The few Redis commands sessions need (an ioredis client has them). */
export interface SessionRedis {
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<number>;
}

export interface Session {
  /** Sent back by the dashboard in `X-Plume-CSRF` on every request that changes something. */
  csrf: string;
}

/** A session as read back from Redis, where anything may sit under the key. */
const storedSession = z.object({ csrf: z.string() });

export interface SessionStore {
  readonly ttlSeconds: number;
  /** A new session; `id` goes in the cookie and is never stored as such. */
  create(): Promise<{ id: string; session: Session }>;
  find(id: string): Promise<Session | undefined>;
  destroy(id: string): Promise<void>;
}

/** Twelve hours: a working day, after which the token is asked again. */
const DEFAULT_TTL_SECONDS = 12 * 3600;

/**
 * Dashboard sessions in Redis, shared by every server process and expired by Redis itself.
 * Keys hold a hash of the session id, so reading Redis does not give a usable cookie.
 */
export function createSessionStore(redis: SessionRedis, keyPrefix: string, ttlSeconds = DEFAULT_TTL_SECONDS): SessionStore {
  const key = (id: string) => `${keyPrefix}:sessions:${createHash('sha256').update(id).digest('hex')}`;
  return {
    ttlSeconds,
    async create() {
      const id = randomBytes(32).toString('base64url');
      const session = { csrf: randomBytes(32).toString('base64url') };
      await redis.set(key(id), JSON.stringify(session), 'EX', ttlSeconds);
      return { id, session };
    },
    async find(id) {
      const stored = await redis.get(key(id));
      if (stored === null) return undefined;
      const session = storedSession.safeParse(JSON.parse(stored));
      return session.success ? { csrf: session.data.csrf } : undefined;
    },
    async destroy(id) {
      await redis.del(key(id));
    },
  };
}
