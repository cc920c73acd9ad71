import type { Config } from '../config/index.js';
import { createChatClient } from '../clients/model/chat-client.js';
import { createPageFetcher } from '../clients/web/fetch-page.js';
import { createWordPressClient } from '../clients/wordpress/index.js';
import type { ArticleJobDeps } from '../jobs/article/run.js';
import { timedWordPress } from '../observability/metrics.js';

/**
 * The real services of an article job, built from configuration; `signal` aborts their calls
 * in flight (one set of clients per job, so one job's abort leaves the others alone).
 */
export function buildArticleJobDeps(config: Config, signal?: AbortSignal): ArticleJobDeps {
  return {
    chat: createChatClient({
      apiKey: config.model.apiKey,
      baseURL: config.model.baseURL,
      model: config.model.name,
      timeoutMs: config.model.timeoutMs,
      maxRetries: config.model.maxRetries,
      maxTokens: config.model.maxTokens,
      signal,
    }),
    wordpress: timedWordPress(createWordPressClient({
      url: config.wordpress.url,
      username: config.wordpress.username,
      appPassword: config.wordpress.appPassword,
      timeoutMs: config.wordpress.timeoutMs,
      allowPrivateImageHosts: config.allowPrivateUrls,
      signal,
    })),
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
