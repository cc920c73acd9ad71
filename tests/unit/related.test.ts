import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Category, PublishedPost } from '../../clients/wordpress/index.js';
import { findRelatedPosts, significantTitleWords, type RelatedLookup } from '../../jobs/article/steps/related.js';
import { articleFixture } from '../helpers/fixtures.js';

const SITE = 'https://site.test';
const article = articleFixture('revised');

/** A site in memory: published posts by title and category, categories by id (1 is WordPress's own default). */
function site(options: { posts?: Array<PublishedPost & { category: number }>; defaultCategory?: number | 'unreadable' }) {
  const categories = new Map<number, Category>([
    [1, { id: 1, name: 'Non classé', link: `${SITE}/category/non-classe/` }],
    [7, { id: 7, name: 'Monde', link: `${SITE}/category/monde/` }],
  ]);
  const searched: string[] = [];
  const posts = options.posts ?? [];
  const client: RelatedLookup = {
    posts: {
      searchPublished: async (query, limit) => {
        searched.push(query);
        return posts.filter((p) => p.title.toLowerCase().includes(query.toLowerCase())).slice(0, limit);
      },
      recentInCategory: async (id, limit) => posts.filter((p) => p.category === id).slice(0, limit),
    },
    terms: {
      ensureCategories: async (names) => names.map((name) => [...categories.values()].find((c) => c.name === name)!.id),
      getCategory: async (id) => categories.get(id)!,
    },
    site: {
      defaultCategoryId: async () => (options.defaultCategory === 'unreadable' ? undefined : (options.defaultCategory ?? 1)),
    },
  };
  return { client, searched };
}

test('significant title words: no function words, names first, then the longest', () => {
  assert.deepEqual(significantTitleWords('Lavrov à Pyongyang : la Russie et la Corée du Nord resserrent leurs liens'), ['Pyongyang', 'Russie', 'Corée']);
  assert.deepEqual(significantTitleWords('de la et'), []);
});

test('a related post found by a title word is linked, no archive', async () => {
  const old = { id: 3, title: 'Pyongyang sous sanctions', url: `${SITE}/pyongyang-sanctions/`, category: 1 };
  const { client, searched } = site({ posts: [old] });
  const related = await findRelatedPosts({ ...article, tags: [] }, client, 'Monde');
  assert.deepEqual(related, [{ id: 3, title: old.title, url: old.url }]);
  assert.equal(searched[0], article.focus_keyword);
  assert.ok(searched.includes('Pyongyang'));
});

test('nothing matches: the category archive, and its latest posts when it is not the default category', async () => {
  const weather = { id: 4, title: 'Météo du week-end', url: `${SITE}/meteo/`, category: 7 };
  const { client } = site({ posts: [weather] });
  assert.deepEqual(await findRelatedPosts(article, client, 'Monde'), [
    { id: 4, title: weather.title, url: weather.url },
    { id: 7, kind: 'category', title: 'Toute l’actualité de la rubrique Monde', url: `${SITE}/category/monde/` },
  ]);
});

test('the default category (named, or read from the settings, or id 1 when unreadable) gets its archive only', async () => {
  const stray = { id: 5, title: 'Recette de cuisine', url: `${SITE}/recette/`, category: 1 };
  const archiveOnly = [{ id: 1, kind: 'category', title: 'Toute l’actualité de la rubrique Non classé', url: `${SITE}/category/non-classe/` }];
  assert.deepEqual(await findRelatedPosts(article, site({ posts: [stray] }).client, undefined), archiveOnly);
  assert.deepEqual(await findRelatedPosts(article, site({ posts: [stray], defaultCategory: 'unreadable' }).client, undefined), archiveOnly);
  const mondeIsDefault = site({ posts: [{ ...stray, category: 7 }], defaultCategory: 7 });
  assert.deepEqual((await findRelatedPosts(article, mondeIsDefault.client, 'Monde')).map((p) => p.url), [`${SITE}/category/monde/`]);
});
