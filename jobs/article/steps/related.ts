import type { WordPressClient } from '../../../clients/wordpress/index.js';
import type { Article } from '../contract.js';
import type { RelatedPost } from '../state.js';

/**
 * Published posts of the site to link to: searched by keyphrase, then by tags, at most `limit`.
 * Internal links help readers and are one of Yoast's assessments.
 */
export async function findRelatedPosts(
  article: Article,
  wordpress: Pick<WordPressClient, 'posts'>,
  limit = 2,
): Promise<RelatedPost[]> {
  const found = new Map<number, RelatedPost>();
  for (const query of [article.focus_keyword, ...article.tags]) {
    if (found.size >= limit) break;
    for (const post of await wordpress.posts.searchPublished(query, limit)) {
      if (found.size < limit) found.set(post.id, { id: post.id, title: post.title, url: post.url });
    }
  }
  return [...found.values()];
}
