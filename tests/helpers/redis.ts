import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A real Redis with a queue prefix of its own, so test files never see each other's jobs.
 * `cleanup()` deletes every key under the prefix.
 */
export async function useRedisPrefix(): Promise<{ redisUrl: string; prefix: string; cleanup(): Promise<void> }> {
  const prefix = `plume-test-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL} (scripts/services.sh starts one): ${(error as Error).message}`);
  }
  return {
    redisUrl: TEST_REDIS_URL,
    prefix,
    cleanup: async () => {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
