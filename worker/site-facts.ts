import type { WordPressClient } from '../clients/wordpress/index.js';

/**
 * What every job of a worker process would ask WordPress again: Plume's own user id (fixed by
 * the credentials, so kept for the process) and the site's default category (a setting an
 * administrator may change, so kept a few minutes). Each job builds its own client, for its own
 * abort signal; these answers are shared by all of them, two REST calls fewer per article.
 * Only answers are kept: a failed or aborted call is asked again by the next job.
 */
export interface SiteFacts {
  userId?: number;
  defaultCategory?: { id: number | undefined; at: number };
}

export const DEFAULT_CATEGORY_TTL_MS = 5 * 60_000;

export function withSharedSiteFacts(wordpress: WordPressClient, facts: SiteFacts, now: () => number = Date.now): WordPressClient {
  const { site } = wordpress;
  return {
    ...wordpress,
    site: {
      ...site,
      async currentUserId() {
        facts.userId ??= await site.currentUserId();
        return facts.userId;
      },
      async defaultCategoryId() {
        const kept = facts.defaultCategory;
        if (kept && now() - kept.at < DEFAULT_CATEGORY_TTL_MS) return kept.id;
        const id = await site.defaultCategoryId();
        facts.defaultCategory = { id, at: now() };
        return id;
      },
    },
  };
}
