import type { Redis } from 'ioredis';
import type { WordPressClient } from '../clients/wordpress/index.js';
import { PermanentError, PlumeError, TransientError } from '../errors/index.js';
import { META } from '../clients/wordpress/index.js';
import { siteStatesKey } from '../config/sites.js';
import type { Logger } from '../observability/logger.js';

/** Drafts, their images, their new categories and tags, and Plume's own meta (companion plugin). */
/** What to do when a site stays unusable. */
const WORDPRESS_FIX =
  'check the site\'s URL, user and Application Password (WP_URL, WP_USERNAME, WP_APP_PASSWORD, or WP_<NAME>_* / PLUME_SITES_FILE): an Editor\'s, and that wordpress-plugin/plume-companion.php is in wp-content/mu-plugins/ (README, "The WordPress companion plugin")';

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
  const context = { step: error instanceof PlumeError ? error.step : 'preflight', input: name, cause: error, params: { site: name } };
  return error instanceof PlumeError && error.retryable
    ? new TransientError(message, { ...context, code: 'site_unavailable' })
    : new PermanentError(message, { ...context, code: 'site_unusable' });
}

/**
 * Before taking jobs, every dependency is asked once: Redis and the model endpoint here, each
 * WordPress site in `checkSites`. A permanent problem (bad credentials, no plugin) stops start-up at once; a transient one
 * (a service still starting, as under docker compose) is asked again until `waitMs` is spent.
 * Start-up then stops with one line per dependency that is missing, saying how to fix it.
 */
export interface Dependency {
  /** `Redis redis://redis:6379`, `model endpoint https://…`, `WordPress https://…`. */
  name: string;
  /** Throws a PlumeError: retryable while the dependency may still come up. */
  check(): Promise<void>;
  /** What the operator should do when it stays missing. */
  fix: string;
}

export class DependencyError extends PermanentError {
  readonly missing: ReadonlyArray<{ name: string; reason: string; fix: string }>;
  constructor(missing: ReadonlyArray<{ name: string; reason: string; fix: string }>) {
    super(missing.map((m) => `${m.name}: ${m.reason}\n  fix: ${m.fix}`).join('\n'), {
      step: 'preflight',
      input: missing.map((m) => m.name).join(', '),
      code: 'dependency_missing',
      params: { missing: missing.map((m) => m.name).join(', ') },
    });
    this.missing = missing;
  }

  /** One "Cannot start Plume:" line per missing dependency, each followed by its fix. */
  report(): string {
    return this.missing.map((m) => `Cannot start Plume: ${m.name}: ${m.reason}\n  fix: ${m.fix}`).join('\n');
  }
}

/**
 * Several checks at once, as one start-up verdict: the first failure stops start-up without
 * waiting for the others (a refused password need not wait for a model endpoint still coming
 * up); what else has failed within `graceMs` is reported with it, each with its fix.
 */
export async function allDependencies<T extends readonly unknown[]>(checks: { [K in keyof T]: Promise<T[K]> }, graceMs = 1_000): Promise<T> {
  try {
    return (await Promise.all(checks)) as T;
  } catch (first) {
    const settled = await Promise.race([Promise.allSettled(checks), new Promise<undefined>((done) => setTimeout(done, graceMs))]);
    const failures = settled?.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : [])) ?? [first];
    if (!failures.every((failure) => failure instanceof DependencyError)) throw first;
    throw new DependencyError((failures as DependencyError[]).flatMap((failure) => failure.missing));
  }
}

export async function preflight(dependencies: Dependency[], logger: Logger, options: { waitMs?: number; delayMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  const delayMs = options.delayMs ?? 2_000;
  // One permanent failure is enough to stop: the others are no longer waited for.
  let stopped = false;
  const outcomes = await new Promise<Array<{ dependency: Dependency; reason: string | undefined }>>((resolve) => {
    const results: Array<{ dependency: Dependency; reason: string | undefined } | undefined> = dependencies.map(() => undefined);
    const finish = () => {
      stopped = true;
      resolve(dependencies.map((dependency, i) => results[i] ?? { dependency, reason: 'did not answer before start-up gave up on it' }));
    };
    if (dependencies.length === 0) finish();
    dependencies.forEach(async (dependency, i) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await dependency.check();
          results[i] = { dependency, reason: undefined };
          break;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const retryable = !(error instanceof PlumeError) || error.retryable;
          if (stopped) return;
          if (!retryable || Date.now() + delayMs >= deadline) {
            results[i] = { dependency, reason };
            if (!retryable) return finish();
            break;
          }
          logger.warn({ dependency: dependency.name, attempt, reason }, 'dependency not ready, trying again');
          await new Promise((done) => setTimeout(done, delayMs));
          if (stopped) return;
        }
      }
      if (!stopped && results.every((r) => r !== undefined)) finish();
    });
  });
  const missing = outcomes.filter((o) => o.reason !== undefined).map((o) => ({ name: o.dependency.name, reason: o.reason!, fix: o.dependency.fix }));
  if (missing.length > 0) throw new DependencyError(missing);
}

/** Redis answers PING; a refused password is permanent. */
export function redisDependency(redisUrl: string, ping: () => Promise<unknown>): Dependency {
  return {
    name: `Redis ${redactUrl(redisUrl)}`,
    fix: 'start Redis (docker compose up redis, or redis-server) or correct REDIS_URL (redis://, redis+sentinel://…/master, redis+cluster://…)',
    async check() {
      const call = { step: 'preflight.redis', input: 'REDIS_URL' };
      try {
        await ping();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(message)) {
          throw new PermanentError(`refused the credentials in REDIS_URL (${message})`, { ...call, code: 'redis_auth_refused', cause: error });
        }
        throw new TransientError(`does not answer (${message})`, { ...call, code: 'redis_unreachable', cause: error });
      }
    },
  };
}

/**
 * GET {base}/models with the key: a wrong address or key shows now, not at the first job. A
 * server without that route (404) is let through with a warning: the route is optional among
 * OpenAI-compatible servers. A model missing from a non-empty list is a warning too (Ollama
 * lists only what it has pulled; the pull may still be running).
 */
export function modelDependency(
  model: { baseURL: string; apiKey: string; name: string },
  logger: Logger,
  fetchImpl: typeof fetch = fetch,
): Dependency {
  return {
    name: `model endpoint ${model.baseURL}`,
    fix: 'check OPENAI_BASE_URL (it ends in /v1) and OPENAI_API_KEY; for the local model run docker compose --profile local-model up; PLUME_MODEL_PROBE=false skips this check',
    async check() {
      const call = { step: 'preflight.model', input: 'OPENAI_BASE_URL' };
      let response: Response;
      try {
        response = await fetchImpl(`${model.baseURL}/models`, { headers: { authorization: `Bearer ${model.apiKey}` }, signal: AbortSignal.timeout(5_000) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new TransientError(`does not answer (${cause?.code ?? cause?.message ?? (error as Error).message})`, { ...call, code: 'model_probe_failed', cause: error });
      }
      if (response.status === 401 || response.status === 403) {
        throw new PermanentError(`refused OPENAI_API_KEY (HTTP ${response.status})`, { ...call, input: 'OPENAI_API_KEY', code: 'model_auth_refused' });
      }
      if (response.status === 404) {
        logger.warn({ endpoint: model.baseURL }, 'the model endpoint has no GET /models: cannot check it before the first job');
        return;
      }
      if (!response.ok) throw new TransientError(`answers HTTP ${response.status} to GET /models`, { ...call, code: 'model_probe_failed' });
      const body = (await response.json().catch(() => undefined)) as { data?: Array<{ id?: unknown }> } | undefined;
      const ids = (body?.data ?? []).map((entry) => String(entry.id));
      if (ids.length > 0 && !ids.includes(model.name)) {
        logger.warn({ model: model.name, endpoint: model.baseURL, listed: ids.slice(0, 20) }, 'OPENAI_MODEL is not among the models the endpoint lists');
      }
    },
  };
}

/** REDIS_URL without its password, for messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Before taking jobs: every site is checked (`checkSite`). A transient problem (WordPress still
 * starting, as under docker compose) is retried for a while. A site that still fails is reported
 * by name and its jobs fail, while the others keep working; when no site passes, start-up stops
 * with the first site's error.
 */
export async function checkSites(
  sites: readonly SiteToCheck[],
  logger: Logger,
  options: { attempts?: number; delayMs?: number; waitMs?: number } = {},
): Promise<SiteStates> {
  const attempts = options.attempts ?? 30;
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  const one = async ({ name, wordpress, author }: SiteToCheck): Promise<PlumeError | undefined> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await checkSite(wordpress, author);
        return undefined;
      } catch (error) {
        const late = Date.now() + (options.delayMs ?? 2_000) >= deadline;
        if (!(error instanceof PlumeError) || !error.retryable || attempt >= attempts || late) return ofSite(name, error);
        logger.warn({ site: name, attempt, reason: error.message }, 'WordPress not ready, trying again');
        await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 2_000));
      }
    }
  };
  const errors = await Promise.all(sites.map(one));
  if (errors.length > 0 && errors.every((error) => error !== undefined)) {
    throw new DependencyError(sites.map(({ name }, i) => ({ name: `WordPress site "${name}"`, reason: errors[i]!.message, fix: WORDPRESS_FIX })));
  }
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
