import type { Config } from '../config/index.js';
import { createChatClient } from '../clients/model/chat-client.js';
import type { RateBudget } from '../clients/model/rate-budget.js';
import { createPageFetcher } from '../clients/web/fetch-page.js';
import { createWordPressClient } from '../clients/wordpress/index.js';
import type { ArticleJobDeps } from '../jobs/article/run.js';

/**
 * The real services of an article job, built from configuration. The worker process adds what
 * it owns and closes (the check pool, the shared rate budget); without them checks run in-process
 * and model calls are not paced.
 */
export function buildArticleJobDeps(config: Config, owned: { check?: ArticleJobDeps['check']; budget?: RateBudget } = {}): ArticleJobDeps {
  return {
    check: owned.check,
    chat: createChatClient({
      apiKey: config.model.apiKey,
      baseURL: config.model.baseURL,
      model: config.model.name,
      timeoutMs: config.model.timeoutMs,
      maxRetries: config.model.maxRetries,
      maxTokens: config.model.maxTokens,
      budget: owned.budget,
    }),
    wordpress: createWordPressClient({
      url: config.wordpress.url,
      username: config.wordpress.username,
      appPassword: config.wordpress.appPassword,
      timeoutMs: config.wordpress.timeoutMs,
      allowPrivateImageHosts: config.allowPrivateUrls,
    }),
    fetchPage: createPageFetcher({ allowPrivateHosts: config.allowPrivateUrls }),
    settings: {
      maxRepairs: config.jobs.maxRepairs,
      seoTarget: config.jobs.seoTarget,
      readabilityTarget: config.jobs.readabilityTarget,
      defaultCategory: config.wordpress.defaultCategory,
      wordpressUrl: config.wordpress.publicUrl,
    },
  };
}
