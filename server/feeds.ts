import { requestError } from '../errors/codes.js';
import { badRequest } from './bad-request.js';
import { issuesOf } from './query-issues.js';
import { siteIssues, type SiteNames } from './sites.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Queue } from 'bullmq';
import type { RedisConnection } from '../clients/redis/connect.js';
import { z } from 'zod';
import type { FetchFeed } from '../clients/web/fetch-feed.js';
import { parseArticlePayload, type FieldIssue } from '../jobs/article/payload.js';
import { NotAFeedError, parseFeedDocument } from '../jobs/feeds/parse.js';
import { nextPoll, scheduleFeed, unscheduleFeed, type FeedPollData } from '../jobs/feeds/scheduler.js';
import { createFeedStore, feedId, isFeedId, type Feed } from '../jobs/feeds/store.js';

const wholeNumber = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field}: expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

const keywords = z
  .array(z.string().trim().min(1, { error: 'expected non-empty keywords' }).max(100, { error: 'expected keywords of at most 100 characters' }), {
    error: 'expected an array of keywords',
  })
  .max(50, { error: 'expected at most 50 keywords' });

/** What can change on a feed; `category`, `tags`, `language` and `site` are checked as an article's are. */
const settings = {
  category: z.string().optional(),
  site: z.string().optional(),
  tags: z.array(z.string(), { error: 'expected an array of tag names' }).optional(),
  language: z.string().optional(),
  interval: wholeNumber('interval', 5, 24 * 60).optional(),
  include: keywords.optional(),
  exclude: keywords.optional(),
  max_per_poll: wholeNumber('max_per_poll', 1, 100).optional(),
};

/** The body of `POST /feeds`; also the source of its OpenAPI description. */
export const createFeedSchema = z.strictObject({
  url: z
    .string({ error: 'expected the http(s) address of an RSS or Atom feed' })
    .trim()
    .max(2048, { error: 'expected at most 2048 characters' })
    .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { error: 'expected the http(s) address of an RSS or Atom feed' }),
  ...settings,
  since: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-01-31T08:00:00Z' }).optional(),
});

/** The body of `PATCH /feeds/:id`. */
export const patchFeedSchema = z.strictObject({
  ...settings,
  state: z.enum(['active', 'paused'], { error: 'expected "active" (resume) or "paused" (pause)' }).optional(),
});


type ArticleFields = { category?: string | undefined; tags?: string[] | undefined; language?: string | undefined; site?: string | undefined };

/**
 * The article fields a feed passes on, checked by the article payload's own rules; `site` as
 * `POST /api/articles` checks it, the default site's name stored as no site (same source keys).
 */
function articleFields(values: ArticleFields, sites: SiteNames | undefined): { issues: FieldIssue[]; site?: string | undefined } {
  const { category, tags, language, site } = values;
  const parsed = parseArticlePayload({ url: 'https://example.org/', category, tags, language, site });
  if (!parsed.ok) return { issues: parsed.issues };
  // siteIssues drops the default site's name from the payload: read the site after it.
  const issues = siteIssues(parsed.payload, sites);
  return { issues, site: parsed.payload.site };
}

const unknownFeed = (reply: FastifyReply, id: string) => reply.status(404).send(requestError('feed_not_found', { id }));

export interface FeedRouteOptions {
  redis: RedisConnection;
  prefix: string;
  queue: Queue<FeedPollData>;
  /** Reads the feed once at registration, to refuse an address that is not a feed. */
  fetchFeed: FetchFeed;
  /** Length of an interval minute (PLUME_FEED_MINUTE_MS). */
  minuteMs: number;
  /** The sites a feed may name, as for `POST /api/articles`. */
  sites?: SiteNames | undefined;
}

/** `/feeds`: register, list, change, pause/resume and delete the feeds Plume polls. */
export async function feedRoutes(api: FastifyInstance, options: FeedRouteOptions): Promise<void> {
  const store = createFeedStore(options.redis, options.prefix);
  const shown = async (feed: Feed) => ({
    ...feed,
    etag: undefined,
    last_modified: undefined,
    site: feed.site ?? options.sites?.defaultName ?? null,
    next_poll_at: feed.state === 'active' ? ((await nextPoll(options.queue, feed.id)) ?? null) : null,
    queued_jobs: (await store.queued(feed.id)).map((id) => ({ id, status_url: `/api/articles/${id}` })),
  });

  api.post('/feeds', async (request, reply) => {
    const parsed = createFeedSchema.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, issuesOf(parsed.error, '(body)'));
    const body = parsed.data;
    const fields = articleFields(body, options.sites);
    if (fields.issues.length) return badRequest(reply, fields.issues);
    const id = feedId(body.url);
    const existing = await store.get(id);
    if (existing) return reply.status(200).send({ ...(await shown(existing)), duplicate: true });

    let title: string | undefined;
    try {
      const fetched = await options.fetchFeed(body.url);
      if (fetched.status === 'ok') title = parseFeedDocument(fetched.body, fetched.contentType, fetched.finalUrl).title;
    } catch (error) {
      const found = error instanceof NotAFeedError ? error.found : `no answer that could be read (${(error as Error).message})`;
      return reply.status(422).send({
        ...requestError('feed_not_a_feed', { found }),
        found,
        issues: [{ field: 'url', code: 'field_not_a_feed', message: `not a feed: ${found}`, params: { found } }],
      });
    }
    const now = new Date().toISOString();
    const feed: Feed = {
      id,
      url: body.url,
      category: body.category?.trim(),
      tags: body.tags?.map((t) => t.trim()),
      language: body.language?.trim().toLowerCase(),
      site: fields.site,
      interval: body.interval ?? 15,
      include: body.include,
      exclude: body.exclude,
      max_per_poll: body.max_per_poll ?? 10,
      since: body.since ? new Date(body.since).toISOString() : now,
      created_at: now,
      state: 'active',
      title,
      failures: 0,
      items_found: 0,
      items_queued: 0,
      polled_ok: false,
    };
    if (!(await store.create(feed))) return reply.status(200).send({ ...(await shown((await store.get(id))!)), duplicate: true });
    await scheduleFeed(options.queue, feed, options.minuteMs);
    return reply.status(201).header('location', `/api/feeds/${id}`).send({ ...(await shown(feed)), duplicate: false });
  });

  api.get('/feeds', async () => ({ feeds: await Promise.all((await store.list()).map(shown)) }));

  api.get<{ Params: { id: string } }>('/feeds/:id', async (request, reply) => {
    const { id } = request.params;
    const feed = isFeedId(id) ? await store.get(id) : undefined;
    return feed ? shown(feed) : unknownFeed(reply, id);
  });

  api.patch<{ Params: { id: string } }>('/feeds/:id', async (request, reply) => {
    const { id } = request.params;
    const feed = isFeedId(id) ? await store.get(id) : undefined;
    if (!feed) return unknownFeed(reply, id);
    const parsed = patchFeedSchema.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, issuesOf(parsed.error, '(body)'));
    const { state, ...changes } = parsed.data;
    const fields = articleFields(
      { category: changes.category ?? feed.category, tags: changes.tags ?? feed.tags, language: changes.language ?? feed.language, site: changes.site ?? feed.site },
      options.sites,
    );
    if (fields.issues.length) return badRequest(reply, fields.issues);
    const next: Feed = { ...feed, ...changes, site: fields.site, ...(state ? { state } : {}) };
    if (state === 'active') Object.assign(next, { failures: 0, paused_reason: undefined });
    if (state === 'paused') next.paused_reason = 'paused by an editor';
    const unset: Array<keyof Feed> = [...(next.paused_reason ? [] : ['paused_reason' as const]), ...(next.site ? [] : ['site' as const])];
    await store.update(id, next, unset);
    // Paused: no scheduler at all, so nothing polls; resumed or changed: the scheduler follows.
    if (next.state === 'paused') await unscheduleFeed(options.queue, id);
    else await scheduleFeed(options.queue, next, options.minuteMs);
    return shown((await store.get(id))!);
  });

  api.delete<{ Params: { id: string } }>('/feeds/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isFeedId(id) || !(await store.get(id))) return unknownFeed(reply, id);
    await unscheduleFeed(options.queue, id);
    await store.remove(id);
    return reply.status(204).send();
  });
}
