import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { TOKEN_ADVICE, weakTokenReason } from './api-token.js';
import { parseRedisUrl, queuePrefixFor, RedisUrlError, type RedisTarget } from './redis-url.js';
import { DEFAULT_READABILITY_TARGET, DEFAULT_SEO_TARGET, DEFAULT_WP_TIMEOUT_MS } from './defaults.js';
import { defaultSite, loadSites, type SiteConfig } from './sites.js';

export type { SiteConfig } from './sites.js';

/**
 * Every setting Plume reads, validated once at start. Defaults live here (or in defaults.ts,
 * for those code outside this schema needs) and nowhere else;
 * `.env.example` lists the same variables for operators.
 */
const url = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), { error: `expected ${what}` });

const int = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` })
    .default(fallback);

/** A whole number with no default: unset means "no limit". */
const optionalInt = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${min} to ${max}, or unset` })
    .int({ error: `expected a whole number from ${min} to ${max}, or unset` })
    .min(min, { error: `expected a whole number from ${min} to ${max}, or unset` })
    .max(max, { error: `expected a whole number from ${min} to ${max}, or unset` })
    .optional();

const price = z.number({ error: 'expected a price in US dollars per million tokens (a number ≥ 0)' }).min(0, {
  error: 'expected a price in US dollars per million tokens (a number ≥ 0)',
});

/** `{"gpt-4o-mini": {"input_per_1m": 0.15, "output_per_1m": 0.6}}`: JSON, each price a number. */
const modelPrices = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'expected JSON such as {"gpt-4o-mini": {"input_per_1m": 0.15, "output_per_1m": 0.6}}' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string().trim().min(1, { error: 'expected a model name' }),
      z.strictObject({ input_per_1m: price, output_per_1m: price }, { error: 'expected {"input_per_1m": number, "output_per_1m": number}' }),
      { error: 'expected a JSON object of model names to prices' },
    ),
  )
  .default({});

const required = (what: string) => z.string({ error: `required: ${what}` }).trim().min(1, { error: `required: ${what}` });

const envSchema = z.object({
  REDIS_URL: z
    .string()
    .trim()
    .superRefine((v, context) => {
      try {
        parseRedisUrl(v);
      } catch (error) {
        if (!(error instanceof RedisUrlError)) throw error;
        context.addIssue({ code: 'custom', message: error.message });
      }
    })
    .default('redis://127.0.0.1:6379'),
  OPENAI_API_KEY: required('the API key of the OpenAI-compatible endpoint (any non-empty value for servers without auth)'),
  OPENAI_BASE_URL: url('an http(s) URL of an OpenAI-compatible API, e.g. http://ollama:11434/v1').optional(),
  OPENAI_MODEL: z.string().trim().min(1, { error: 'expected a model name' }).default('gpt-4o-mini'),
  PLUME_MODEL_PROBE: z
    .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  OPENAI_TIMEOUT_MS: int(1_000, 900_000, 180_000),
  OPENAI_MAX_RETRIES: int(0, 10, 2),
  OPENAI_MAX_TOKENS: int(1_000, 128_000, 8_000),
  OPENAI_RPM: optionalInt(1, 1_000_000),
  OPENAI_TPM: optionalInt(1, 1_000_000_000),
  PLUME_MODEL_PRICES: modelPrices,
  WP_URL: url('the http(s) address of the WordPress site, e.g. https://news.example.fr'),
  WP_USERNAME: required('the WordPress user that owns the Application Password'),
  WP_APP_PASSWORD: required('a WordPress Application Password (Users → Profile → Application Passwords)'),
  WP_PUBLIC_URL: url('the address editors use to open the site (for edit links), e.g. http://localhost:8080').optional(),
  WP_TIMEOUT_MS: int(1_000, 300_000, DEFAULT_WP_TIMEOUT_MS),
  WP_DEFAULT_CATEGORY: z.string().trim().min(1).optional(),
  PLUME_SITES_FILE: z.string().trim().min(1).optional(),
  PORT: int(1, 65_535, 3000),
  HOST: z.string().trim().min(1).optional(),
  PLUME_API_TOKEN: z
    .string({ error: `required: the bearer token clients send on /api/* (${TOKEN_ADVICE})` })
    .superRefine((token, context) => {
      const weak = weakTokenReason(token);
      if (weak) context.addIssue({ code: 'custom', message: `${weak}; the token guards the API, ${TOKEN_ADVICE}` });
    }),
  PLUME_CONCURRENCY: int(1, 64, 2),
  PLUME_BACKOFF_MS: int(100, 3_600_000, 10_000),
  PLUME_BACKOFF_MAX_MS: int(100, 3_600_000, 300_000),
  PLUME_RETRY_BUDGET_MS: int(1_000, 7 * 24 * 3_600_000, 30 * 60_000),
  PLUME_LOCK_DURATION_MS: int(1_000, 600_000, 30_000),
  PLUME_STALLED_INTERVAL_MS: int(1_000, 600_000, 30_000),
  PLUME_SHUTDOWN_GRACE_MS: int(0, 600_000, 20_000),
  PLUME_START_WAIT_MS: int(0, 3_600_000, 60_000),
  PLUME_REDIS_COMMAND_TIMEOUT_MS: int(50, 60_000, 1_000),
  PLUME_MAX_REPAIRS: int(0, 10, 2),
  PLUME_IMAGE_TRIES: int(1, 20, 3),
  PLUME_IMAGE_TIMEOUT_MS: int(500, 300_000, 10_000),
  PLUME_SEO_TARGET: int(0, 100, DEFAULT_SEO_TARGET),
  PLUME_READABILITY_TARGET: int(0, 100, DEFAULT_READABILITY_TARGET),
  PLUME_FEED_MAX_FAILURES: int(1, 1_000, 5),
  PLUME_FEED_TIMEOUT_MS: int(1_000, 300_000, 20_000),
  PLUME_FEED_MINUTE_MS: int(1_000, 60_000, 60_000),
  PLUME_QUEUE_PREFIX: z.string().trim().min(1).default('plume'),
  PLUME_ALLOW_PRIVATE_URLS: z
    .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Env = z.infer<typeof envSchema>;

/** US dollars per million tokens, as providers publish their prices. */
export interface ModelPrice {
  input_per_1m: number;
  output_per_1m: number;
}

/** Prices by model name, from PLUME_MODEL_PRICES; a model left out has no cost estimate. */
export type ModelPrices = Readonly<Record<string, ModelPrice>>;

/** Where an OpenAI key alone sends Plume: the SDK's own default, written out so logs and checks can name it. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface Config {
  redisUrl: string;
  /** REDIS_URL read: one server, a Sentinel set or a Cluster. */
  redis: RedisTarget;
  /** PLUME_QUEUE_PREFIX, hash-tagged (`{plume}`) on a Cluster. */
  queuePrefix: string;
  /** Let source pages and images come from internal addresses (local setups, tests). */
  allowPrivateUrls: boolean;
  /** How long the worker waits at start for Redis, the model endpoint and WordPress to answer. */
  startWaitMs: number;
  logLevel: Env['LOG_LEVEL'];
  model: {
    apiKey: string;
    baseURL: string;
    name: string;
    /** At start the worker asks the endpoint for GET /models, to name a wrong URL or key before any job. */
    probe: boolean;
    timeoutMs: number;
    /** Retries inside the `openai` SDK (it honours Retry-After) before the job itself is retried. */
    maxRetries: number;
    maxTokens: number;
    /** Requests and tokens per minute shared by all workers; undefined = unlimited. */
    requestsPerMinute: number | undefined;
    tokensPerMinute: number | undefined;
    /** US dollars per million tokens, by model: for the cost metric and each job's estimate. */
    prices: ModelPrices;
  };
  wordpress: {
    url: string;
    /** Where editors reach the site, when the worker reaches it by another name (containers). */
    publicUrl: string;
    username: string;
    appPassword: string;
    timeoutMs: number;
    defaultCategory: string | undefined;
  };
  /** Every WordPress site, the default one (`wordpress` above) first; see config/sites.ts. */
  sites: SiteConfig[];
  server: {
    port: number;
    host: string;
    apiToken: string;
    /** The server's Redis commands fail after this long: a request answers 503, never hangs. */
    redisCommandTimeoutMs: number;
  };
  jobs: {
    concurrency: number;
    /** First retry delay; each further one doubles, up to `backoffMaxMs`, with jitter. */
    backoffMs: number;
    backoffMaxMs: number;
    /** How long transient failures are retried after the last step that completed. */
    retryBudgetMs: number;
    /** BullMQ's job lock: a worker silent for this long loses its job to another. */
    lockDurationMs: number;
    /** How often each worker looks for jobs whose lock expired (stalled). */
    stalledIntervalMs: number;
    /** On SIGTERM/SIGINT, how long active jobs may run before their calls are aborted. */
    shutdownGraceMs: number;
    /** Model calls allowed after the first answer to repair what the checks found. */
    maxRepairs: number;
    /** Attempts at downloading a source's image before the draft goes without it. */
    imageTries: number;
    /** Time allowed to one download of a source's image. */
    imageTimeoutMs: number;
    seoTarget: number;
    readabilityTarget: number;
  };
  feeds: {
    /** Failed polls in a row after which a feed is paused. */
    maxFailures: number;
    timeoutMs: number;
    /** Length of an interval minute; only tests shorten it. */
    minuteMs: number;
  };
}

/** Which process is starting: each needs only its own variables. */
export type Role = 'worker' | 'server';

export class ConfigError extends Error {
  readonly issues: ReadonlyArray<{ variable: string; message: string }>;
  constructor(issues: ReadonlyArray<{ variable: string; message: string }>) {
    super(
      'Invalid configuration (see .env.example):\n' + issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

const workerOnly = ['OPENAI_API_KEY', 'WP_URL', 'WP_USERNAME', 'WP_APP_PASSWORD'] as const;
const serverOnly = ['PLUME_API_TOKEN'] as const;
type RoleVariable = (typeof workerOnly)[number] | (typeof serverOnly)[number];

/**
 * Empty strings count as unset, as in most .env tooling; `NAME_FILE` supplies `NAME` from a
 * file (Docker secrets, or a password written by a setup container).
 */
function withSecretFiles(env: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') values[name] = value;
  for (const [name, path] of Object.entries(values)) {
    const target = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : undefined;
    if (!target || target in values || !(target in envSchema.shape)) continue;
    try {
      values[target] = readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new ConfigError([{ variable: name, message: `cannot read ${path}: ${(error as Error).message}` }]);
    }
  }
  return values;
}

/** Docker and Podman leave these files in every container they start. */
export function runsInContainer(): boolean {
  return existsSync('/.dockerenv') || existsSync('/run/.containerenv');
}

/**
 * Reads and validates the environment; throws a `ConfigError` naming every bad variable.
 * Without HOST the server listens on loopback only, except in a container, where loopback
 * would be unreachable from the published port.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  roles: ReadonlyArray<Role> = ['worker', 'server'],
  inContainer: () => boolean = runsInContainer,
): Config {
  const present = withSecretFiles(env);
  const sites = loadSites(present);
  // With other sites configured, the single-site WP_* variables are optional.
  const wpOptional = present['WP_URL'] === undefined && sites.sites.length > 0;
  const skipped = [
    ...(roles.includes('worker') ? workerOnly.filter((k) => wpOptional && k.startsWith('WP_')) : workerOnly),
    ...(roles.includes('server') ? [] : serverOnly),
  ];
  const schema = envSchema.partial(Object.fromEntries(skipped.map((k) => [k, true])) as { [K in RoleVariable]?: true });
  const parsed = schema.safeParse(present);
  if (!parsed.success || sites.issues.length > 0) {
    throw new ConfigError([
      ...(parsed.success ? [] : parsed.error.issues).map((issue) => ({
        variable: String(issue.path[0] ?? '?'),
        // Inside a structured value (JSON), the place of the bad entry comes first.
        message: issue.path.length > 1 ? `${issue.path.slice(1).join('.')}: ${issue.message}` : issue.message,
      })),
      ...sites.issues,
    ]);
  }
  const main = defaultSite(sites.sites);
  // Role-specific variables may be absent when that role is not starting.
  const e = parsed.data as Omit<Env, RoleVariable> & Partial<Pick<Env, RoleVariable>>;
  const redis = parseRedisUrl(e.REDIS_URL);
  return {
    redisUrl: e.REDIS_URL,
    redis,
    queuePrefix: queuePrefixFor(redis, e.PLUME_QUEUE_PREFIX),
    allowPrivateUrls: e.PLUME_ALLOW_PRIVATE_URLS,
    startWaitMs: e.PLUME_START_WAIT_MS,
    logLevel: e.LOG_LEVEL,
    model: {
      apiKey: e.OPENAI_API_KEY ?? '',
      baseURL: (e.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      name: e.OPENAI_MODEL,
      probe: e.PLUME_MODEL_PROBE,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      maxRetries: e.OPENAI_MAX_RETRIES,
      maxTokens: e.OPENAI_MAX_TOKENS,
      requestsPerMinute: e.OPENAI_RPM,
      tokensPerMinute: e.OPENAI_TPM,
      prices: e.PLUME_MODEL_PRICES,
    },
    wordpress: {
      url: main?.url ?? '',
      publicUrl: main?.publicUrl ?? '',
      username: main?.username ?? '',
      appPassword: main?.appPassword ?? '',
      timeoutMs: e.WP_TIMEOUT_MS,
      defaultCategory: main?.defaultCategory,
    },
    sites: sites.sites,
    server: {
      port: e.PORT,
      host: e.HOST ?? (inContainer() ? '0.0.0.0' : '127.0.0.1'),
      apiToken: e.PLUME_API_TOKEN ?? '',
      redisCommandTimeoutMs: e.PLUME_REDIS_COMMAND_TIMEOUT_MS,
    },
    jobs: {
      concurrency: e.PLUME_CONCURRENCY,
      backoffMs: e.PLUME_BACKOFF_MS,
      backoffMaxMs: e.PLUME_BACKOFF_MAX_MS,
      retryBudgetMs: e.PLUME_RETRY_BUDGET_MS,
      lockDurationMs: e.PLUME_LOCK_DURATION_MS,
      stalledIntervalMs: e.PLUME_STALLED_INTERVAL_MS,
      shutdownGraceMs: e.PLUME_SHUTDOWN_GRACE_MS,
      maxRepairs: e.PLUME_MAX_REPAIRS,
      imageTries: e.PLUME_IMAGE_TRIES,
      imageTimeoutMs: e.PLUME_IMAGE_TIMEOUT_MS,
      seoTarget: e.PLUME_SEO_TARGET,
      readabilityTarget: e.PLUME_READABILITY_TARGET,
    },
    feeds: { maxFailures: e.PLUME_FEED_MAX_FAILURES, timeoutMs: e.PLUME_FEED_TIMEOUT_MS, minuteMs: e.PLUME_FEED_MINUTE_MS },
  };
}
