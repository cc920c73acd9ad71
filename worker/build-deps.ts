import type { Config } from '../config/index.js';
import { createChatClient } from '../clients/model/chat-client.js';
import { createPageFetcher } from '../clients/web/fetch-page.js';
import { createWordPressClient } from '../clients/wordpress/index.js';
import { HTML_LIMITS } from '../config/limits.js';
import type { ArticleJobDeps } from '../jobs/article/run.js';
import { createThreadPool, siblingModule } from './thread-pool.js';

/** The real services of an article job, built from configuration. */
export function buildArticleJobDeps(config: Config): ArticleJobDeps {
  const cleaning = createThreadPool<typeof import('./clean-thread.js')>({
    module: siblingModule(import.meta.url, 'clean-thread'),
    maxThreads: config.jobs.concurrency,
    timeBudgetMs: HTML_LIMITS.timeBudgetMs,
    maxHeapMb: HTML_LIMITS.maxHeapMb,
  });
  return {
    chat: createChatClient({
      apiKey: config.model.apiKey,
      baseURL: config.model.baseURL,
      model: config.model.name,
      timeoutMs: config.model.timeoutMs,
      maxRetries: config.model.maxRetries,
      maxTokens: config.model.maxTokens,
    }),
    wordpress: createWordPressClient({
      url: config.wordpress.url,
      username: config.wordpress.username,
      appPassword: config.wordpress.appPassword,
      timeoutMs: config.wordpress.timeoutMs,
      allowPrivateImageHosts: config.allowPrivateUrls,
    }),
    fetchPage: createPageFetcher({ allowPrivateHosts: config.allowPrivateUrls }),
    cleanSource: (input) => cleaning.run('clean', input, { step: 'clean', input: input.html === undefined ? 'text' : 'html' }),
    settings: {
      maxRepairs: config.jobs.maxRepairs,
      seoTarget: config.jobs.seoTarget,
      readabilityTarget: config.jobs.readabilityTarget,
      defaultCategory: config.wordpress.defaultCategory,
      wordpressUrl: config.wordpress.publicUrl,
    },
  };
}
