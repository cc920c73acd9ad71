import type { Config } from '../config/index.js';
import { createChatClient } from '../clients/model/chat-client.js';
import type { RateBudget } from '../clients/model/rate-budget.js';
import { createPageFetcher } from '../clients/web/fetch-page.js';
import { createWordPressClient } from '../clients/wordpress/index.js';
import { HTML_LIMITS } from '../config/limits.js';
import type { ArticleJobDeps } from '../jobs/article/run.js';
import { timedWordPress } from '../observability/metrics.js';
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
      maxThreads: config.jobs.concurrency,
      timeBudgetMs: HTML_LIMITS.timeBudgetMs,
      maxHeapMb: HTML_LIMITS.maxHeapMb,
    });
    cleaningPools.set(config, pool);
  }
  return pool;
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
  owned: { check?: ArticleJobDeps['check']; budget?: RateBudget } = {},
): ArticleJobDeps {
  const cleaning = cleaningPool(config);
  return {
    check: owned.check,
    chat: createChatClient({
      apiKey: config.model.apiKey,
      baseURL: config.model.baseURL,
      model: config.model.name,
      timeoutMs: config.model.timeoutMs,
      maxRetries: config.model.maxRetries,
      maxTokens: config.model.maxTokens,
      signal,
      budget: owned.budget,
    }),
    wordpress: timedWordPress(createWordPressClient({
      url: config.wordpress.url,
      username: config.wordpress.username,
      appPassword: config.wordpress.appPassword,
      timeoutMs: config.wordpress.timeoutMs,
      allowPrivateImageHosts: config.allowPrivateUrls,
      imageTimeoutMs: config.jobs.imageTimeoutMs,
      signal,
    })),
    fetchPage: createPageFetcher({ allowPrivateHosts: config.allowPrivateUrls }),
    cleanSource: (input) => cleaning.run('clean', input, { step: 'clean', input: input.html === undefined ? 'text' : 'html' }),
    settings: {
      maxRepairs: config.jobs.maxRepairs,
      seoTarget: config.jobs.seoTarget,
      readabilityTarget: config.jobs.readabilityTarget,
      defaultCategory: config.wordpress.defaultCategory,
      wordpressUrl: config.wordpress.publicUrl,
      prices: config.model.prices,
      imageTries: config.jobs.imageTries,
    },
  };
}
