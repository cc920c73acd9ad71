import { createHash } from 'node:crypto';
import type { RedisConnection } from '../../clients/redis/connect.js';
import { normaliseUrl } from '../article/source-key.js';

/** A feed as stored and as the API shows it. */
export interface Feed {
  id: string;
  url: string;
  category?: string | undefined;
  tags?: string[] | undefined;
  language?: string | undefined;
  /** The configured site its articles go to; the default site when absent. */
  site?: string | undefined;
  /** Minutes between polls. */
  interval: number;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  max_per_poll: number;
  /** ISO date: entries older than this are never queued. */
  since: string;
  created_at: string;
  state: 'active' | 'paused';
  /** Why the feed is paused: an editor's request, or the failures that stopped it. */
  paused_reason?: string | undefined;
  title?: string | undefined;
  last_poll_at?: string | undefined;
  last_outcome?: 'ok' | 'not_modified' | 'failed' | undefined;
  last_error?: string | undefined;
  /** Failed polls in a row. */
  failures: number;
  items_found: number;
  items_queued: number;
  /** At least one poll read the feed: later polls may queue undated entries. */
  polled_ok: boolean;
  etag?: string | undefined;
  last_modified?: string | undefined;
}

/** Fields kept as JSON in the hash; the rest are strings or numbers. */
const JSON_FIELDS = new Set(['tags', 'include', 'exclude']);
const NUMBER_FIELDS = new Set(['interval', 'max_per_poll', 'failures', 'items_found', 'items_queued']);

/** One id per address: the same feed registered twice is the same feed. */
export function feedId(url: string): string {
  return `feed-${createHash('sha256').update(normaliseUrl(url)).digest('hex').slice(0, 16)}`;
}

const FEED_ID = /^feed-[0-9a-f]{16}$/;
export const isFeedId = (value: string) => FEED_ID.test(value);

/** How long an entry's link is remembered as seen (as long as finished article jobs stay). */
const SEEN_TTL_MS = 30 * 24 * 3600_000;
/** Job ids shown per feed on the dashboard. */
const QUEUED_SHOWN = 50;

/** Feeds in Redis: a hash per feed, a set of ids, and per feed the links seen and the jobs queued. */
export function createFeedStore(redis: RedisConnection, prefix: string) {
  const key = (id: string) => `${prefix}:feed:${id}`;
  const ids = `${prefix}:feeds`;

  const encode = (values: Partial<Feed>) =>
    Object.fromEntries(
      Object.entries(values)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, JSON_FIELDS.has(k) ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]),
    );
  const decode = (hash: Record<string, string>): Feed | undefined => {
    if (!hash.id) return undefined;
    const feed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(hash)) {
      feed[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : NUMBER_FIELDS.has(k) ? Number(v) : k === 'polled_ok' ? v === '1' : v;
    }
    return feed as unknown as Feed;
  };

  return {
    async get(id: string): Promise<Feed | undefined> {
      return decode(await redis.hgetall(key(id)));
    },
    async list(): Promise<Feed[]> {
      const all = await Promise.all((await redis.smembers(ids)).map((id) => redis.hgetall(key(id))));
      return all.map(decode).filter((f): f is Feed => f !== undefined).sort((a, b) => a.created_at.localeCompare(b.created_at));
    },
    /** Creates the feed unless its id exists; false when it did. */
    async create(feed: Feed): Promise<boolean> {
      const created = await redis.hsetnx(key(feed.id), 'id', feed.id);
      if (!created) return false;
      await redis.multi().hset(key(feed.id), encode(feed)).sadd(ids, feed.id).exec();
      return true;
    },
    /** Sets fields and removes those given as undefined-by-name in `unset`. */
    async update(id: string, values: Partial<Feed>, unset: Array<keyof Feed> = []): Promise<void> {
      const fields = encode(values);
      const tx = redis.multi();
      if (Object.keys(fields).length) tx.hset(key(id), fields);
      if (unset.length) tx.hdel(key(id), ...unset);
      await tx.exec();
    },
    async count(id: string, found: number, queued: number): Promise<void> {
      await redis.multi().hincrby(key(id), 'items_found', found).hincrby(key(id), 'items_queued', queued).exec();
    },
    async remove(id: string): Promise<void> {
      await redis.multi().del(key(id), `${key(id)}:seen`, `${key(id)}:queued`).srem(ids, id).exec();
    },
    /** The source keys among `keys` this feed has seen before. */
    async seen(id: string, keys: string[]): Promise<Set<string>> {
      if (!keys.length) return new Set();
      const scores = await redis.zmscore(`${key(id)}:seen`, ...keys);
      return new Set(keys.filter((_, i) => scores[i] !== null));
    },
    async markSeen(id: string, keys: string[], now = Date.now()): Promise<void> {
      if (!keys.length) return;
      await redis
        .multi()
        .zadd(`${key(id)}:seen`, ...keys.flatMap((k) => [now, k]))
        .zremrangebyscore(`${key(id)}:seen`, 0, now - SEEN_TTL_MS)
        .exec();
    },
    async recordQueued(id: string, jobIds: string[]): Promise<void> {
      if (!jobIds.length) return;
      await redis.multi().lpush(`${key(id)}:queued`, ...jobIds).ltrim(`${key(id)}:queued`, 0, QUEUED_SHOWN - 1).exec();
    },
    async queued(id: string): Promise<string[]> {
      return redis.lrange(`${key(id)}:queued`, 0, QUEUED_SHOWN - 1);
    },
  };
}

export type FeedStore = ReturnType<typeof createFeedStore>;
