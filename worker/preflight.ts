import type { Redis } from 'ioredis';
import type { WordPressClient } from '../clients/wordpress/index.js';
import { PermanentError, PlumeError, TransientError } from '../errors/index.js';
import { META } from '../jobs/article/steps/publish.js';
import { siteStatesKey } from '../config/sites.js';
import type { Logger } from '../observability/logger.js';

/** Drafts, their images, their new categories and tags, and Plume's own meta (companion plugin). */
export const REQUIRED_CAPABILITIES = ['edit_posts', 'edit_others_posts', 'upload_files', 'manage_categories'];

/** One site as the worker checks it. */
export interface SiteToCheck {
  name: string;
  /** The site's default author (id or login), when it has one. */
  author?: string | undefined;
  wordpress: Pick<WordPressClient, 'site'>;
}

/** `ok`, or why the site cannot take jobs (its error's message, naming the site and the missing right). */
export type SiteStates = Map<string, string>;

/** The Application Password works, the user has every right Plume uses, the companion plugin answers, the default author exists. */
export async function checkSite(wordpress: Pick<WordPressClient, 'site'>, author?: string): Promise<void> {
  await wordpress.site.verifyCredentials(REQUIRED_CAPABILITIES);
  // The plugin must register every meta key Plume writes: an older copy would drop some.
  await wordpress.site.checkCompanionPlugin(Object.values(META));
  if (author !== undefined) await wordpress.site.resolveAuthor(author);
}

/** The same error, its message naming the site first. */
export function ofSite(name: string, error: unknown): PlumeError {
  const message = `site "${name}": ${error instanceof Error ? error.message : String(error)}`;
  const context = { step: error instanceof PlumeError ? error.step : 'preflight', input: name, cause: error };
  return error instanceof PlumeError && error.retryable ? new TransientError(message, context) : new PermanentError(message, context);
}

/**
 * Before taking jobs: every site is checked (`checkSite`). A transient problem (WordPress still
 * starting, as under docker compose) is retried for a while. A site that still fails is reported
 * by name and its jobs fail, while the others keep working; when no site passes, start-up stops
 * with the first site's error.
 */
export async function preflight(
  sites: readonly SiteToCheck[],
  logger: Logger,
  options: { attempts?: number; delayMs?: number } = {},
): Promise<SiteStates> {
  const attempts = options.attempts ?? 30;
  const one = async ({ name, wordpress, author }: SiteToCheck): Promise<PlumeError | undefined> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await checkSite(wordpress, author);
        return undefined;
      } catch (error) {
        if (!(error instanceof PlumeError) || !error.retryable || attempt >= attempts) return ofSite(name, error);
        logger.warn({ site: name, attempt, reason: error.message }, 'WordPress not ready, trying again');
        await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 2_000));
      }
    }
  };
  const errors = await Promise.all(sites.map(one));
  if (errors.length > 0 && errors.every((error) => error !== undefined)) throw errors[0];
  const states: SiteStates = new Map();
  sites.forEach(({ name }, i) => {
    const error = errors[i];
    states.set(name, error === undefined ? 'ok' : error.message);
    if (error !== undefined) logger.error({ site: name, err: error }, `site "${name}" cannot take jobs; the other sites keep working`);
  });
  return states;
}

/**
 * What an unauthenticated probe may learn of a site's state: `ok`, or the kind of problem and
 * the missing rights, never an address or a user name (the worker's log has the whole message).
 */
export function publicSiteState(state: string): string {
  if (state === 'ok') return 'ok';
  const rights = /lacks the capabilities ([\w, ]+)/.exec(state)?.[1];
  if (rights) return `missing rights: ${rights.trim()}`;
  if (/companion plugin/.test(state)) return 'companion plugin missing or too old';
  if (/refused the Application Password|may not do this/.test(state)) return 'credentials refused';
  return 'unreachable';
}

/** Leaves each site's state where `/readyz` reads it. */
export async function publishSiteStates(redis: Pick<Redis, 'hset'>, prefix: string, states: SiteStates): Promise<void> {
  if (states.size === 0) return;
  await redis.hset(siteStatesKey(prefix), Object.fromEntries([...states].map(([name, state]) => [name, publicSiteState(state)])));
}
