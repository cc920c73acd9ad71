import { createWordPressHttp, type WordPressClientOptions } from './http.js';
import { createMediaApi, type MediaApi, type MediaOptions } from './media.js';
import { createPostsApi, type PostsApi } from './posts.js';
import { createSiteApi, type SiteApi } from './site.js';
import { createTermsApi, type TermsApi } from './terms.js';

export { WordPressRestError, type WordPressClientOptions } from './http.js';
export { META } from './meta-keys.js';
export type { WpPost, WpPostFields, WpPostStatus, PostsApi, PublishedPost, SavedDraft } from './posts.js';
export type { Category, TermsApi } from './terms.js';
export type { Media, MediaApi, MediaOptions, UploadedMedia, UploadFromUrlInput } from './media.js';
export type { CompanionStatus, SiteApi, WordPressUser } from './site.js';
export { SEO_META, type SeoPlugin } from './seo.js';

/** A REST client for one WordPress site: it knows posts, terms and media, not articles. */
export interface WordPressClient {
  posts: PostsApi;
  terms: TermsApi;
  media: MediaApi;
  site: SiteApi;
}

export function createWordPressClient(options: WordPressClientOptions & MediaOptions): WordPressClient {
  const http = createWordPressHttp(options);
  const site = createSiteApi(http);
  return {
    posts: createPostsApi(http),
    terms: createTermsApi(http),
    media: createMediaApi(http, () => site.currentUserId(), options),
    site,
  };
}
