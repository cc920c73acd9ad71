import { availableParallelism } from 'node:os';
import type { Config } from '../config/index.js';
import { createChatClient } from '../clients/model/chat-client.js';
import type { RateBudget } from '../clients/model/rate-budget.js';
import { createPageFetcher } from '../clients/web/fetch-page.js';
import { createWordPressClient } from '../clients/wordpress/index.js';
import { HTML_LIMITS } from '../config/limits.js';
import type { ArticleJobDeps } from '../jobs/article/run.js';
import { PermanentError } from '../errors/index.js';
import { timedWordPress } from '../observability/metrics.js';
import { withSharedSiteFacts, type SiteFacts } from './site-facts.js';
import { checkSite, ofSite, type SiteStates } from './preflight.js';
import { createThreadPool, siblingModule, type ThreadPool } from './thread-pool.js';

type CleaningPool = ThreadPool<typeof import('./clean-thread.js')>;

/**
 * One cleaning pool per configuration: deps are built per job (so that one job's abort signal
 * reaches only its own calls), while the threads are shared by every job of the process.
 */
const cleaningPools = new WeakMap<Config, CleaningPool>();

function cleaningPool(config: Config): CleaningPool {
  let pool = cleaningPools.get(config);
  if (!pool) {
    pool = createThreadPool<typeof import('./clean-thread.js')>({
      module: siblingModule(import.meta.url, 'clean-thread'),
      // Cleaning is CPU work: threads beyond the cores only add a DOM library's load (about a
      // second of CPU and tens of MB each) and wait for a core; more jobs than threads queue for one.
      maxThreads: Math.min(config.jobs.concurrency, availableParallelism()),
      timeBudgetMs: HTML_LIMITS.timeBudgetMs,
      maxHeapMb: HTML_LIMITS.maxHeapMb,
    });
    cleaningPools.set(config, pool);
  }
  return pool;
}

const siteFacts = new WeakMap<Config, Map<string, SiteFacts>>();

/** What the jobs of this process share about one site (see site-facts.ts). */
function siteFactsFor(config: Config, siteName: string): SiteFacts {
  let bySite = siteFacts.get(config);
  if (!bySite) {
    bySite = new Map();
    siteFacts.set(config, bySite);
  }
  let facts = bySite.get(siteName);
  if (!facts) {
    facts = {};
    bySite.set(siteName, facts);
  }
  return facts;
}

/**
 * The real services of an article job, built from configuration; `signal` aborts their calls
 * in flight (one set of clients per job, so one job's abort leaves the others alone). The worker
 * process adds what it owns and closes (the check pool, the shared rate budget); without them
 * checks run in-process and model calls are not paced.
 */
export function buildArticleJobDeps(
  config: Config,
  signal?: AbortSignal,
  owned: { check?: ArticleJobDeps['check']; budget?: RateBudget; siteStates?: SiteStates } = {},
  beforeModelRequest?: () => Promise<void>,
  siteName?: string,
): ArticleJobDeps {
  const cleaning = cleaningPool(config);
  const named = siteName === undefined ? config.sites[0] : config.sites.find((s) => s.name === siteName);
  // A job for a site this worker does not know fails in `siteReady`; the client is never used.
  const site = named ?? config.sites[0] ?? { ...config.wordpress, name: siteName ?? '' };
  const wordpress = withSharedSiteFacts(
    timedWordPress(createWordPressClient({
      url: site.url,
      username: site.username,
      appPassword: site.appPassword,
      timeoutMs: config.wordpress.timeoutMs,
      allowPrivateImageHosts: config.allowPrivateUrls,
      imageTimeoutMs: config.jobs.imageTimeoutMs,
      signal,
    })),
    siteFactsFor(config, site.name),
  );
  return {
    check: owned.check,
    siteReady: async () => {
      if (named === undefined) {
        throw new PermanentError(`site "${siteName ?? ''}" is not configured in this worker (configured: ${config.sites.map((s) => s.name).join(', ')})`, { step: 'start', input: 'site', code: 'site_unknown', params: { site: siteName ?? '' } });
      }
      const states = owned.siteStates;
      if (states === undefined || states.get(site.name) === 'ok') return;
      // Failed at start: checked again, so a site put right takes jobs without a restart.
      try {
        await checkSite(wordpress, 'author' in site ? site.author : undefined);
      } catch (error) {
        throw ofSite(site.name, error);
      }
      states.set(site.name, 'ok');
    },
    chat: createChatClient({
      apiKey: config.model.apiKey,
      baseURL: config.model.baseURL,
      model: config.model.name,
      timeoutMs: config.model.timeoutMs,
      maxRetries: config.model.maxRetries,
      maxTokens: config.model.maxTokens,
      signal,
      budget: owned.budget,
      beforeEachRequest: beforeModelRequest,
    }),
    wordpress,
    fetchPage: createPageFetcher({ allowPrivateHosts: config.allowPrivateUrls }),
    cleanSource: (input) => cleaning.run('clean', input, { step: 'clean', input: input.html === undefined ? 'text' : 'html' }),
    settings: {
      maxRepairs: config.jobs.maxRepairs,
      seoTarget: config.jobs.seoTarget,
      readabilityTarget: config.jobs.readabilityTarget,
      defaultCategory: site.defaultCategory,
      defaultStatus: 'defaultStatus' in site ? site.defaultStatus : undefined,
      author: 'author' in site ? site.author : undefined,
      categoryMap: 'categoryMap' in site ? site.categoryMap : undefined,
      canonicalToSource: 'canonicalToSource' in site ? site.canonicalToSource : undefined,
      wordpressUrl: site.publicUrl,
      prices: config.model.prices,
      imageTries: config.jobs.imageTries,
    },
  };
}
