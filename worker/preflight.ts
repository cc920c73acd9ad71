import type { WordPressClient } from '../clients/wordpress/index.js';
import { PlumeError } from '../errors/index.js';
import { META } from '../clients/wordpress/index.js';
import type { Logger } from '../observability/logger.js';

/**
 * Before taking jobs: the Application Password works and the companion plugin answers.
 * A permanent problem (bad credentials, no plugin) stops start-up with its message; a
 * transient one (WordPress still starting, as under docker compose) is retried for a while.
 */
export async function preflight(
  wordpress: Pick<WordPressClient, 'site'>,
  logger: Logger,
  options: { attempts?: number; delayMs?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 30;
  for (let attempt = 1; ; attempt++) {
    try {
      // Drafts, their images and their new categories and tags; Plume's own meta (companion plugin).
      await wordpress.site.verifyCredentials(['edit_posts', 'edit_others_posts', 'upload_files', 'manage_categories']);
      // The plugin must register every meta key Plume writes: an older copy would drop some.
      await wordpress.site.checkCompanionPlugin(Object.values(META));
      return;
    } catch (error) {
      if (!(error instanceof PlumeError) || !error.retryable || attempt >= attempts) throw error;
      logger.warn({ attempt, reason: error.message }, 'WordPress not ready, trying again');
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 2_000));
    }
  }
}
