import type { z } from 'zod';
import type { WordPressHttp } from './http.js';
import { categoryAnswer, savedTermAnswer } from './answers.js';
import { companionRouteMissing } from './site.js';

export interface TermsApi {
  /** Ids of the categories named `names` (same slug or same name ignoring case), created when missing. */
  ensureCategories(names: string[]): Promise<number[]>;
  /** Ids of the tags named `names` (same slug or same name ignoring case), created when missing. */
  ensureTags(names: string[]): Promise<number[]>;
  /** One category with the address of its archive page. */
  getCategory(id: number): Promise<Category>;
}

/** One category; `link` is its archive page. */
export type Category = z.output<typeof categoryAnswer>;

type Taxonomy = 'categories' | 'tags';

export function createTermsApi(http: WordPressHttp): TermsApi {
  /**
   * One call to the companion plugin, which finds the term by slug or name (accents and case
   * ignored, as WordPress's slugs ignore them) or creates it, under a lock in WordPress: workers
   * of any number of processes creating the same new term get one.
   */
  async function ensureOne(taxonomy: Taxonomy, name: string, step: string): Promise<number> {
    const call = { step, input: name };
    try {
      return (await http.send(call, { method: 'POST', route: '/plume/v1/terms', data: { taxonomy, name } }, savedTermAnswer)).id;
    } catch (error) {
      throw companionRouteMissing(error, call, http.url);
    }
  }

  async function ensure(taxonomy: Taxonomy, names: string[], step: string): Promise<number[]> {
    const ids = new Set<number>();
    const seen = new Set<string>();
    for (const raw of names) {
      const name = raw.trim().replace(/\s+/g, ' ');
      if (name === '' || seen.has(name.toLocaleLowerCase())) continue;
      seen.add(name.toLocaleLowerCase());
      ids.add(await ensureOne(taxonomy, name, step));
    }
    return [...ids];
  }

  return {
    ensureCategories: (names) => ensure('categories', names, 'wordpress.ensureCategories'),
    ensureTags: (names) => ensure('tags', names, 'wordpress.ensureTags'),
    async getCategory(id) {
      const category = await http.send(
        { step: 'wordpress.getCategory', input: String(id) },
        { route: `/wp/v2/categories/${id}`, params: { _fields: 'id,name,link' } },
        categoryAnswer,
      );
      return { id: category.id, name: decodeEntities(category.name), link: category.link };
    },
  };
}

/** WordPress stores term names HTML-escaped: "Science &amp; Espace". */
function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity: string, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return named[body.toLowerCase()] ?? entity;
  });
}
