import type { WordPressClient } from '../clients/wordpress/index.js';
import { PermanentError, PlumeError, TransientError } from '../errors/index.js';
import { META } from '../clients/wordpress/index.js';
import type { Logger } from '../observability/logger.js';

/**
 * Before taking jobs, every dependency is asked once: Redis, the model endpoint, each WordPress
 * site. A permanent problem (bad credentials, no plugin) stops start-up at once; a transient one
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
    super(missing.map((m) => `${m.name}: ${m.reason}\n  fix: ${m.fix}`).join('\n'), { step: 'preflight', input: missing.map((m) => m.name).join(', ') });
    this.missing = missing;
  }

  /** One "Cannot start Plume:" line per missing dependency, each followed by its fix. */
  report(): string {
    return this.missing.map((m) => `Cannot start Plume: ${m.name}: ${m.reason}\n  fix: ${m.fix}`).join('\n');
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

/** The credentials work with the capabilities Plume needs, and the companion plugin knows every meta key it writes. */
export function wordpressDependency(url: string, wordpress: Pick<WordPressClient, 'site'>): Dependency {
  return {
    name: `WordPress ${url}`,
    fix:
      'check WP_URL, WP_USERNAME and WP_APP_PASSWORD (an Application Password of an Editor), and that wordpress-plugin/plume-companion.php is in wp-content/mu-plugins/ (README, "The WordPress companion plugin")',
    async check() {
      // Drafts, their images and their new categories and tags; Plume's own meta (companion plugin).
      await wordpress.site.verifyCredentials(['edit_posts', 'edit_others_posts', 'upload_files', 'manage_categories']);
      // The plugin must register every meta key Plume writes: an older copy would drop some.
      await wordpress.site.checkCompanionPlugin(Object.values(META));
    },
  };
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
          throw new PermanentError(`refused the credentials in REDIS_URL (${message})`, { ...call, cause: error });
        }
        throw new TransientError(`does not answer (${message})`, { ...call, cause: error });
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
        throw new TransientError(`does not answer (${cause?.code ?? cause?.message ?? (error as Error).message})`, { ...call, cause: error });
      }
      if (response.status === 401 || response.status === 403) {
        throw new PermanentError(`refused OPENAI_API_KEY (HTTP ${response.status})`, { ...call, input: 'OPENAI_API_KEY' });
      }
      if (response.status === 404) {
        logger.warn({ endpoint: model.baseURL }, 'the model endpoint has no GET /models: cannot check it before the first job');
        return;
      }
      if (!response.ok) throw new TransientError(`answers HTTP ${response.status} to GET /models`, call);
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
