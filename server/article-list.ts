import type { FastifyInstance } from 'fastify';
import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import type { ArticleResult } from '../jobs/article/run.js';
import { LISTED_STATES, readArticleJobs, type ArticleJobData } from '../jobs/queue.js';
import { describe } from './articles.js';
import { badRequest } from './bad-request.js';
import { issuesOf } from './query-issues.js';
import { notModified } from './not-modified.js';
import type { SiteNames } from './sites.js';

export const MAX_PAGE_SIZE = 200;

/** The query of `GET /api/articles`; also the source of its OpenAPI description. */
export const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe(`Jobs per page, 1 to ${MAX_PAGE_SIZE}.`),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, { error: 'expected the next_cursor of a previous page' })
      .optional()
      .describe('The `next_cursor` of the previous page; absent for the first page.'),
    state: z.enum(LISTED_STATES).optional().describe('Only jobs in this state.'),
    needs_review: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .optional()
      .describe('Only completed jobs whose draft needs review (`true`), or jobs that do not (`false`).'),
    site: z.string().trim().min(1).max(100).optional().describe('Only jobs for this WordPress site.'),
    q: z.string().trim().min(1).max(200).optional().describe('Words the title contains (case and accents ignored).'),
  })
  .strict();

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface ListedJob {
  job: Job<ArticleJobData, ArticleResult>;
  state: string;
}

/** Where a page ends: the last job's creation time and id, the order jobs are listed in. */
interface Cursor {
  t: number;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    return typeof value.t === 'number' && typeof value.id === 'string' ? { t: value.t, id: value.id } : undefined;
  } catch {
    return undefined;
  }
}

/** Lower case, without accents: "Équipe" is found by "equipe". */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function titles(job: Job<ArticleJobData, ArticleResult>): string[] {
  return [job.returnvalue?.title, job.data.payload.title, job.data.state?.clean?.title].filter((t): t is string => typeof t === 'string');
}

/** The site a job publishes to; a job for the default site is stored without one (server/sites.ts). */
const siteOf = (job: Job<ArticleJobData, ArticleResult>, defaultSite: string | undefined) => job.data.payload.site ?? defaultSite;

/**
 * One page of jobs, newest first (ties broken by id, so the order is total): the jobs after the
 * cursor that match every filter. A job enqueued while a client pages is newer than its cursor,
 * so pages already read never shift. Pure: the jobs are read by the caller.
 */
export function pageOfJobs(
  jobs: ListedJob[],
  query: Omit<ListQuery, 'cursor'> & { cursor?: Cursor | undefined },
  defaultSite?: string,
): { items: ListedJob[]; nextCursor: string | null } {
  const words = query.q === undefined ? [] : folded(query.q).split(/\s+/);
  const after = query.cursor;
  const matching = jobs
    .filter(({ job, state }) => {
      if (query.state !== undefined && state !== query.state) return false;
      if (query.needs_review !== undefined && (job.returnvalue?.needs_review === true) !== (query.needs_review === 'true')) return false;
      if (query.site !== undefined && siteOf(job, defaultSite) !== query.site) return false;
      if (words.length > 0) {
        const haystack = folded(titles(job).join(' '));
        if (!words.every((word) => haystack.includes(word))) return false;
      }
      return true;
    })
    .sort((a, b) => b.job.timestamp - a.job.timestamp || String(b.job.id).localeCompare(String(a.job.id)))
    .filter(({ job }) => after === undefined || job.timestamp < after.t || (job.timestamp === after.t && String(job.id).localeCompare(after.id) < 0));
  const items = matching.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: matching.length > items.length && last ? encodeCursor({ t: last.job.timestamp, id: String(last.job.id) }) : null,
  };
}


/** `GET /articles`: jobs newest first, a page at a time, filtered (registered behind authentication). */
export async function articleListRoutes(api: FastifyInstance, options: { queue: Queue<ArticleJobData>; sites?: SiteNames | undefined }): Promise<void> {
  api.get('/articles', { onSend: notModified }, async (request, reply) => {
    const parsed = listQuerySchema.safeParse(request.query);
    const cursor = parsed.success && parsed.data.cursor !== undefined ? decodeCursor(parsed.data.cursor) : undefined;
    if (!parsed.success || (parsed.data.cursor !== undefined && cursor === undefined)) {
      return badRequest(
        reply,
        parsed.success ? [{ field: 'cursor', code: 'field_invalid_cursor', message: 'expected the next_cursor of a previous page' }] : issuesOf(parsed.error),
      );
    }
    const page = pageOfJobs(await readArticleJobs<ArticleResult>(options.queue, parsed.data.state), { ...parsed.data, cursor }, options.sites?.defaultName);
    return { articles: page.items.map(({ job, state }) => describe(job, state)), next_cursor: page.nextCursor };
  });
}
