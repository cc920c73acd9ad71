import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Feed } from './store.js';

export const FEED_QUEUE = 'feeds';
export const FEED_POLL_JOB = 'poll';

export interface FeedPollData {
  feedId: string;
}

export function createFeedQueue(connection: Redis | ConnectionOptions, prefix: string): Queue<FeedPollData> {
  return new Queue<FeedPollData>(FEED_QUEUE, { connection, prefix });
}

/**
 * One BullMQ job scheduler per feed, named by the feed's id: BullMQ keeps it in Redis (it
 * survives restarts) and hands each run to one worker, whatever the number of worker processes.
 * `minuteMs` is the length of an interval minute (shortened by tests).
 */
export async function scheduleFeed(queue: Queue<FeedPollData>, feed: Pick<Feed, 'id' | 'interval'>, minuteMs: number): Promise<void> {
  await queue.upsertJobScheduler(
    feed.id,
    { every: feed.interval * minuteMs },
    // A failed poll is recorded on the feed; BullMQ's own retry would poll again at once.
    { name: FEED_POLL_JOB, data: { feedId: feed.id }, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } },
  );
}

export async function unscheduleFeed(queue: Queue<FeedPollData>, id: string): Promise<void> {
  await queue.removeJobScheduler(id);
}

/** When the scheduler will poll next, if it is scheduled. */
export async function nextPoll(queue: Queue<FeedPollData>, id: string): Promise<string | undefined> {
  const scheduler = await queue.getJobScheduler(id);
  return scheduler?.next ? new Date(scheduler.next).toISOString() : undefined;
}
