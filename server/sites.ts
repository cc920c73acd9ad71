import type { FastifyInstance } from 'fastify';
import type { ArticlePayload, FieldIssue } from '../jobs/article/payload.js';

/** The sites a job may name, as the API knows them (config/sites.ts). */
export interface SiteNames {
  names: readonly string[];
  /** Where a job without `site` goes. */
  defaultName: string;
}

/**
 * An unknown `site` is a 400 naming it. A job naming the default site is stored without `site`,
 * so that its source key is the one the same item had before there were several sites.
 */
export function siteIssues(payload: ArticlePayload, sites: SiteNames | undefined): FieldIssue[] {
  if (payload.site === undefined) return [];
  if (sites !== undefined && payload.site === sites.defaultName) {
    delete payload.site;
    return [];
  }
  if (sites?.names.includes(payload.site)) return [];
  const known = sites === undefined || sites.names.length === 0 ? 'no site is configured' : `configured: ${sites.names.join(', ')}`;
  return [{ field: 'site', code: 'field_unknown_site', message: `unknown site "${payload.site}" (${known})`, params: { site: payload.site, known } }];
}

/** Each site as `/readyz` shows it: the worker's check at start, and whether the site answers now. */
export interface SiteReadiness {
  /** What the last worker to start found: `ok`, `missing rights: upload_files`…, or `not checked`. */
  worker: string;
  wordpress: string;
}

/**
 * Every configured site's state. The worker's verdicts are read from Redis, where it left them
 * at start; `reachable` answers for one site's address (the readiness check of the REST index).
 */
export async function sitesReadiness(
  redis: { hgetall(key: string): Promise<Record<string, string>> },
  key: string,
  sites: ReadonlyArray<{ name: string; url: string }>,
  reachable: (url: string) => Promise<string>,
): Promise<Record<string, SiteReadiness>> {
  const verdicts = await redis.hgetall(key).catch(() => ({}) as Record<string, string>);
  const entries = await Promise.all(sites.map(async (site) => [site.name, { worker: verdicts[site.name] ?? 'not checked', wordpress: await reachable(site.url) }] as const));
  return Object.fromEntries(entries);
}

/** `GET /sites`: the sites a job may name, the default first; what the dashboard's site filter offers. */
export async function siteRoutes(api: FastifyInstance, options: { sites: SiteNames | undefined }): Promise<void> {
  api.get('/sites', async () => {
    const { names = [], defaultName = '' } = options.sites ?? {};
    const ordered = [...names].sort((a, b) => Number(b === defaultName) - Number(a === defaultName));
    return { sites: ordered.map((name) => ({ name, default: name === defaultName })) };
  });
}
