import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from '../../config/redis-url.js';

/** A connection to what REDIS_URL names; both kinds take the same commands. */
export type RedisConnection = Redis | Cluster;

/**
 * Opens a connection to one Redis, a Sentinel-guarded master or a Cluster, with the same
 * per-connection options (timeouts, retries, offline queue) whichever it is.
 */
export function connectRedis(target: RedisTarget | string, options: RedisOptions = {}): RedisConnection {
  const where = typeof target === 'string' ? parseRedisUrl(target) : target;
  const auth = authOptions(where);
  switch (where.kind) {
    case 'standalone':
      return new Redis(where.url, options);
    case 'sentinel':
      return new Redis(sentinelOptions(where, options));
    case 'cluster': {
      const { enableOfflineQueue, lazyConnect, retryStrategy, ...nodeOptions } = options;
      return new Cluster(where.nodes, {
        redisOptions: { ...nodeOptions, ...auth },
        ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
        ...(lazyConnect === undefined ? {} : { lazyConnect }),
        ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) ?? null } : {}),
      });
    }
  }
}

function authOptions(target: RedisTarget): RedisOptions {
  return { username: target.username, password: target.password, ...(target.tls ? { tls: {} } : {}) };
}

/** ioredis options that reach the master a Sentinel set names (BullMQ opens its connections from them). */
export function sentinelOptions(target: Extract<RedisTarget, { kind: 'sentinel' }>, options: RedisOptions = {}): RedisOptions {
  return {
    ...options,
    ...authOptions(target),
    sentinels: target.sentinels,
    name: target.masterName,
    db: target.db,
    sentinelUsername: target.username,
    sentinelPassword: target.password,
    ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
  };
}
