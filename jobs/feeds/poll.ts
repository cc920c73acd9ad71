import type { FetchFeed } from '../../clients/web/fetch-feed.js';
import { parseArticlePayload, type ArticlePayload } from '../article/payload.js';
import { sourceKey } from '../article/source-key.js';
import { parseFeedDocument } from './parse.js';
import { byNewest, entryPayload, isRecent, passesKeywords, type FeedRules } from './select.js';
import type { Feed, FeedStore } from './store.js';

export interface PollDeps {
  store: FeedStore;
  fetchFeed: FetchFeed;
  /** The same enqueue as `POST /api/articles`: the source key is the job id. */
  enqueue(payload: ArticlePayload): Promise<{ id: string; duplicate: boolean }>;
  /** Stops the feed's scheduler (after too many failures in a row). */
  unschedule(id: string): Promise<void>;
  /** Failed polls in a row after which the feed is paused. */
  maxFailures: number;
  now?: () => Date;
}

export type PollOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'not_modified' }
  | { outcome: 'ok'; found: number; queued: string[]; skipped: Array<{ link: string; reason: string }> }
  | { outcome: 'failed' | 'paused'; error: string };

/**
 * One poll of one feed: fetch (conditional), parse, and queue each entry not seen before as an
 * article job. A failure is recorded on the feed and never thrown, so BullMQ does not retry it
 * in a loop: the scheduler's next run is the retry, and `maxFailures` in a row pause the feed.
 */
export async function pollFeed(deps: PollDeps, id: string): Promise<PollOutcome> {
  const now = deps.now?.() ?? new Date();
  const feed = await deps.store.get(id);
  if (!feed) return { outcome: 'skipped', reason: 'feed deleted' };
  if (feed.state === 'paused') return { outcome: 'skipped', reason: 'feed paused' };
  try {
    const fetched = await deps.fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.last_modified });
    if (fetched.status === 'not_modified') {
      await deps.store.update(id, { last_poll_at: now.toISOString(), last_outcome: 'not_modified', failures: 0 }, ['last_error']);
      return { outcome: 'not_modified' };
    }
    const parsed = parseFeedDocument(fetched.body, fetched.contentType, fetched.finalUrl);
    const result = await queueEntries(deps, feed, parsed.entries);
    await deps.store.update(
      id,
      {
        last_poll_at: now.toISOString(),
        last_outcome: 'ok',
        failures: 0,
        polled_ok: true,
        title: parsed.title,
        etag: fetched.validators.etag,
        last_modified: fetched.validators.lastModified,
      },
      ['last_error'],
    );
    return { outcome: 'ok', ...result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failures = feed.failures + 1;
    const pause = failures >= deps.maxFailures;
    await deps.store.update(id, {
      last_poll_at: now.toISOString(),
      last_outcome: 'failed',
      last_error: message,
      failures,
      ...(pause ? { state: 'paused' as const, paused_reason: `${failures} failed polls in a row; last error: ${message}` } : {}),
    });
    if (pause) await deps.unschedule(id);
    return { outcome: pause ? 'paused' : 'failed', error: message };
  }
}

async function queueEntries(deps: PollDeps, feed: Feed, entries: Parameters<typeof byNewest>[0]) {
  const rules: FeedRules = { ...feed, since: new Date(feed.since), firstPoll: !feed.polled_ok };
  // One entry per link: a feed listing the same article twice is one item.
  const unique = [...new Map(byNewest(entries).map((e) => [sourceKey({ url: e.link }), e])).entries()];
  const seen = await deps.store.seen(feed.id, unique.map(([key]) => key));
  const fresh = unique.filter(([key]) => !seen.has(key));
  const done: string[] = [];
  const queued: string[] = [];
  const skipped: Array<{ link: string; reason: string }> = [];
  let taken = 0;
  for (const [key, entry] of fresh) {
    if (!isRecent(entry, rules)) {
      skipped.push({ link: entry.link, reason: 'older than the feed\u2019s since date' });
      done.push(key);
      continue;
    }
    if (!passesKeywords(entry, feed)) {
      skipped.push({ link: entry.link, reason: 'keywords' });
      done.push(key);
      continue;
    }
    // Left unseen: the next poll takes them.
    if (taken >= feed.max_per_poll) continue;
    taken += 1;
    const payload = parseArticlePayload(entryPayload(entry, rules));
    if (!payload.ok) {
      skipped.push({ link: entry.link, reason: payload.issues.map((i) => `${i.field}: ${i.message}`).join('; ') });
      done.push(key);
      continue;
    }
    const { id, duplicate } = await deps.enqueue(payload.payload);
    if (!duplicate) queued.push(id);
    done.push(key);
  }
  await deps.store.markSeen(feed.id, done);
  await deps.store.recordQueued(feed.id, [...queued].reverse());
  await deps.store.count(feed.id, done.length, queued.length);
  return { found: done.length, queued, skipped };
}
