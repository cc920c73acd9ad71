import type { Job, RedisClient } from 'bullmq';
import { LockLostError } from '../errors/index.js';

/** Writes the job's data only while the given token still holds the job's lock, in one step inside Redis. */
const WRITE_IF_OWNED = 'plumeWriteDataIfOwned';
const WRITE_IF_OWNED_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], 'data', ARGV[2])
return 1`;

/**
 * This worker's hold on one job, by BullMQ's lock token. BullMQ's own writes (`updateData`) do not
 * check the lock: a worker whose lock expired (Redis away longer than the lock duration, a long
 * pause) would write its state over the state of the worker that took the job over.
 */
export interface JobLock<Data> {
  /** True while the job's lock holds this attempt's token. */
  owned(): Promise<boolean>;
  /** Saves the job's data if this worker still holds the job; throws `LockLostError` otherwise. */
  writeData(data: Data): Promise<void>;
  /** The job's data as saved in Redis now. */
  readData(): Promise<Data | undefined>;
}

/** `jobKey` is the job's hash in Redis (`queue.toKey(job.id)`). */
export function jobLock<Data>(job: Job<Data>, jobKey: string, token: string, client: RedisClient): JobLock<Data> {
  const lockKey = `${jobKey}:lock`;
  client.defineCommand(WRITE_IF_OWNED, { numberOfKeys: 2, lua: WRITE_IF_OWNED_LUA });
  const lost = () => new LockLostError(`job ${job.id}: this worker no longer holds the job's lock; another worker may be running it`);
  return {
    owned: async () => (await client.get(lockKey)) === token,
    async writeData(data) {
      const written = await client.runCommand(WRITE_IF_OWNED, [lockKey, jobKey, token, JSON.stringify(data)]);
      if (Number(written) !== 1) throw lost();
      job.data = data;
    },
    async readData() {
      const raw = await client.hget(jobKey, 'data');
      return raw === null ? undefined : (JSON.parse(raw) as Data);
    },
  };
}
