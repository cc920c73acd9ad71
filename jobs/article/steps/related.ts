import { WordPressRestError, type Category, type PostsApi, type SiteApi, type TermsApi } from '../../../clients/wordpress/index.js';
import { frenchFunctionWords } from '../text/words.js';
import type { Article } from '../contract.js';
import type { RelatedPost } from '../state.js';

/** Title words searched on their own when keyphrase and tags find nothing. */
const MAX_TITLE_WORDS = 3;
const MIN_TITLE_WORD_LENGTH = 4;

const functionWords = new Set(frenchFunctionWords.map((word) => word.toLocaleLowerCase('fr')));

/**
 * The title's words that say what it is about: no function words, no short words; names
 * (capitalised after the first word) first, then the longest.
 */
export function significantTitleWords(title: string): string[] {
  const words = [...title.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((match, index) => ({ word: match[0], index }));
  const seen = new Set<string>();
  return words
    .filter(({ word }) => {
      const lower = word.toLocaleLowerCase('fr');
      if ([...word].length < MIN_TITLE_WORD_LENGTH || functionWords.has(lower) || seen.has(lower)) return false;
      seen.add(lower);
      return true;
    })
    .map(({ word, index }) => ({ word, name: index > 0 && /^\p{Lu}/u.test(word) }))
    .sort((a, b) => Number(b.name) - Number(a.name) || [...b.word].length - [...a.word].length)
    .slice(0, MAX_TITLE_WORDS)
    .map(({ word }) => word);
}

/** What the search needs of the WordPress client. */
export interface RelatedLookup {
  posts: Pick<PostsApi, 'searchPublished' | 'recentInCategory'>;
  terms: Pick<TermsApi, 'ensureCategories' | 'getCategory'>;
  site: Pick<SiteApi, 'defaultCategoryId'>;
}

/** WordPress's own default category, when the settings cannot be read: id 1, created as "Uncategorized". */
const looksDefault = (category: { id: number; name: string }): boolean =>
  category.id === 1 || /^(uncategori[sz]ed|non class[ée]e?s?)$/i.test(category.name.trim());

/**
 * Pages of the site the article links to (Yoast's internal-link assessment, and readers):
 * published posts found by keyphrase, then tags, then significant title words. When none
 * matches, the archive of the article's category, which is never off-topic, and the category's
 * latest posts unless it is the site's default one (where anything lands).
 */
export async function findRelatedPosts(
  article: Article,
  wordpress: RelatedLookup,
  category: string | undefined,
  limit = 2,
): Promise<RelatedPost[]> {
  const found = new Map<number, RelatedPost>();
  for (const query of [article.focus_keyword, ...article.tags, ...significantTitleWords(article.title)]) {
    if (found.size >= limit) break;
    if (query.trim() === '') continue;
    for (const post of await wordpress.posts.searchPublished(query, limit)) {
      if (found.size < limit) found.set(post.id, { id: post.id, title: post.title, url: post.url });
    }
  }
  if (found.size > 0) return [...found.values()];

  // The draft lands in this category at publishing: the named one, else the site's default.
  const defaultId = await wordpress.site.defaultCategoryId();
  const [namedId] = category ? await wordpress.terms.ensureCategories([category]) : [];
  const id = namedId ?? defaultId ?? 1;
  let archive: Category;
  try {
    archive = await wordpress.terms.getCategory(id);
  } catch (error) {
    // Category 1 guessed as the default may have been deleted: the article goes without the link.
    if (error instanceof WordPressRestError && namedId === undefined && defaultId === undefined) return [];
    throw error;
  }
  const isDefault = defaultId === undefined ? looksDefault(archive) : archive.id === defaultId;
  const recent = isDefault ? [] : await wordpress.posts.recentInCategory(archive.id, limit);
  return [
    ...recent.map((post) => ({ id: post.id, title: post.title, url: post.url })),
    { id: archive.id, kind: 'category' as const, title: `Toute l’actualité de la rubrique ${archive.name}`, url: archive.link },
  ];
}
