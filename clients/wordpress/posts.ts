import type { z } from 'zod';
import type { RestCall, WordPressHttp } from './http.js';
import { unreadAnswer, postAnswer, publishedPostsAnswer, savedDraftAnswer } from './answers.js';
import { companionRouteMissing } from './site.js';
import { findBySourceKey } from './find-by-source-key.js';

export type WpPostStatus = 'draft' | 'pending' | 'private' | 'publish' | 'future';

/** The fields the worker writes; `meta` keys must be registered for REST (see the companion plugin). */
export interface WpPostFields {
  title: string;
  content: string;
  slug: string;
  excerpt: string;
  status: WpPostStatus;
  categories: number[];
  tags: number[];
  featured_media: number;
  /** The post's author when not Plume's own user (the companion plugin still records Plume as its writer). */
  author?: number;
  /** When the post is to appear, UTC without zone (`2026-12-24T08:00:00`); kept on a draft, never published by Plume. */
  date_gmt?: string;
  meta: Record<string, string>;
}

/** A post as WordPress returns it with context=edit (see answers.ts). */
export type WpPost = z.output<typeof postAnswer>;

export interface PublishedPost {
  id: number;
  title: string;
  url: string;
}

/** What the companion plugin did with a draft: made it, or wrote over the one Plume made before. */
export type SavedDraft = z.output<typeof savedDraftAnswer>;

export interface PostsApi {
  /** The oldest post (any status but trash, whoever wrote it) whose `_plume_source_key` meta is `sourceKey`, or null. */
  findBySourceKey(sourceKey: string): Promise<WpPost | null>;
  /**
   * Creates the draft for `sourceKey`, or updates the one Plume's user made before, in one call
   * that holds a per-source lock inside WordPress (companion plugin): two workers racing get one
   * draft. A post of this source that is not Plume's draft (another author, published, edited
   * since) is refused with a 409 WordPressRestError (`plume_not_owner`, `plume_not_draft`,
   * `plume_edited`) naming it.
   */
  saveDraft(sourceKey: string, fields: WpPostFields): Promise<SavedDraft>;
  create(fields: Partial<WpPostFields>): Promise<WpPost>;
  update(id: number, fields: Partial<WpPostFields>): Promise<WpPost>;
  get(id: number): Promise<WpPost>;
  /** Deletes a post for good (no trash): for a draft Plume itself just made and could not complete. */
  remove(id: number): Promise<void>;
  /** Published posts matching `query`, for internal links. */
  searchPublished(query: string, limit: number): Promise<PublishedPost[]>;
  /** The latest published posts of a category, newest first. */
  recentInCategory(categoryId: number, limit: number): Promise<PublishedPost[]>;
}

export function createPostsApi(http: WordPressHttp): PostsApi {
  async function published(call: RestCall, params: Record<string, unknown>, limit: number): Promise<PublishedPost[]> {
    if (limit < 1) return [];
    // context=edit for the raw title: the rendered one carries HTML entities (l&rsquo;État).
    const posts = await http.send(
      call,
      {
        route: '/wp/v2/posts',
        params: { ...params, status: 'publish', context: 'edit', per_page: Math.min(Math.trunc(limit), 100), _fields: 'id,title,link' },
      },
      publishedPostsAnswer,
    );
    return posts.map((post) => ({ id: post.id, title: post.title.raw, url: post.link }));
  }

  return {
    async findBySourceKey(sourceKey) {
      const [post] = await findBySourceKey(http, 'wordpress.findPostBySourceKey', '/wp/v2/posts', sourceKey, 1, { status: 'any' }, postAnswer);
      return post ?? null;
    },

    async saveDraft(sourceKey, fields) {
      const call = { step: 'wordpress.saveDraft', input: sourceKey };
      try {
        return await http.send(call, { method: 'POST', route: '/plume/v1/drafts', data: { source_key: sourceKey, post: fields } }, savedDraftAnswer);
      } catch (error) {
        throw companionRouteMissing(error, call, http.url);
      }
    },

    create(fields) {
      return http.send({ step: 'wordpress.createPost', input: '/wp/v2/posts' }, { method: 'POST', route: '/wp/v2/posts', data: fields }, postAnswer);
    },

    update(id, fields) {
      return http.send({ step: 'wordpress.updatePost', input: String(id) }, { method: 'POST', route: `/wp/v2/posts/${id}`, data: fields }, postAnswer);
    },

    get(id) {
      return http.send({ step: 'wordpress.getPost', input: String(id) }, { route: `/wp/v2/posts/${id}`, params: { context: 'edit' } }, postAnswer);
    },

    async remove(id) {
      await http.send({ step: 'wordpress.deletePost', input: String(id) }, { method: 'DELETE', route: `/wp/v2/posts/${id}`, params: { force: true } }, unreadAnswer);
    },

    searchPublished(query, limit) {
      return published({ step: 'wordpress.searchPublished', input: query }, { search: query }, limit);
    },

    recentInCategory(categoryId, limit) {
      return published({ step: 'wordpress.recentInCategory', input: String(categoryId) }, { categories: categoryId, orderby: 'date', order: 'desc' }, limit);
    },
  };
}
