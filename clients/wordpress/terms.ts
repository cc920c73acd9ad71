import { WordPressRestError, type WordPressHttp } from './http.js';

export interface TermsApi {
  /** Ids of the categories named `names` (compared case-insensitively), created when missing. */
  ensureCategories(names: string[]): Promise<number[]>;
  /** Ids of the tags named `names` (compared case-insensitively), created when missing. */
  ensureTags(names: string[]): Promise<number[]>;
  /** One category with the address of its archive page. */
  getCategory(id: number): Promise<Category>;
}

export interface Category {
  id: number;
  name: string;
  /** The category's archive page. */
  link: string;
}

type Taxonomy = 'categories' | 'tags';

interface Term {
  id: number;
  name: string;
}

export function createTermsApi(http: WordPressHttp): TermsApi {
  async function find(taxonomy: Taxonomy, name: string, step: string): Promise<number | undefined> {
    // `search` matches names and slugs containing the text: look for the exact name on every page.
    for (let page = 1, totalPages = 1; page <= totalPages; page++) {
      const result = await http.sendPage<Term>(
        { step, input: name },
        { route: `/wp/v2/${taxonomy}`, params: { search: name, per_page: 100, page, _fields: 'id,name' } },
      );
      const term = result.items.find((item) => sameName(decodeEntities(item.name), name));
      if (term !== undefined) return term.id;
      totalPages = result.totalPages;
    }
    return undefined;
  }

  async function create(taxonomy: Taxonomy, name: string, step: string): Promise<number> {
    try {
      return (await http.send<Term>({ step, input: name }, { method: 'POST', route: `/wp/v2/${taxonomy}`, data: { name } })).id;
    } catch (error) {
      // Created meanwhile by another process, or stored differently than searched ("&amp;" for "&").
      const termId = error instanceof WordPressRestError && error.wpCode === 'term_exists' ? (error.data as { term_id?: unknown } | undefined)?.term_id : undefined;
      if (typeof termId === 'number') return termId;
      throw error;
    }
  }

  // WordPress checks for an existing name, then inserts, without a lock: two jobs creating the
  // same tag at once get two tags ("Économie", slug economie-2). One at a time per taxonomy.
  const queues: Record<Taxonomy, Promise<unknown>> = { categories: Promise.resolve(), tags: Promise.resolve() };
  function serialized<T>(taxonomy: Taxonomy, work: () => Promise<T>): Promise<T> {
    const result = queues[taxonomy].then(work, work);
    queues[taxonomy] = result.catch(() => undefined);
    return result;
  }

  async function ensure(taxonomy: Taxonomy, names: string[], step: string): Promise<number[]> {
    const ids = new Set<number>();
    const seen = new Set<string>();
    for (const raw of names) {
      const name = raw.trim().replace(/\s+/g, ' ');
      if (name === '' || seen.has(name.toLocaleLowerCase())) continue;
      seen.add(name.toLocaleLowerCase());
      ids.add(await serialized(taxonomy, async () => (await find(taxonomy, name, step)) ?? (await create(taxonomy, name, step))));
    }
    return [...ids];
  }

  return {
    ensureCategories: (names) => ensure('categories', names, 'wordpress.ensureCategories'),
    ensureTags: (names) => ensure('tags', names, 'wordpress.ensureTags'),
    async getCategory(id) {
      const category = await http.send<Category>(
        { step: 'wordpress.getCategory', input: String(id) },
        { route: `/wp/v2/categories/${id}`, params: { _fields: 'id,name,link' } },
      );
      return { id: category.id, name: decodeEntities(category.name), link: category.link };
    },
  };
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
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
