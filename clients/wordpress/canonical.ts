import type { SeoPlugin } from './seo.js';

/**
 * Where each SEO plugin reads a post's canonical address. Plume writes the source's address there
 * only for a site that asks for it (`canonical_to_source`): search engines are then told the
 * article is a copy of its source, which a newsroom republishing a partner's text may want, and
 * which would otherwise cost the article its own ranking.
 */
export const CANONICAL_META: Readonly<Record<SeoPlugin, string>> = {
  yoast: '_yoast_wpseo_canonical',
  rankmath: 'rank_math_canonical_url',
  aioseo: '_aioseo_canonical_url',
  seopress: '_seopress_robots_canonical',
};

/** The canonical meta of each plugin in `plugins`, pointing to `sourceUrl`. */
export function canonicalMeta(plugins: readonly SeoPlugin[], sourceUrl: string): Record<string, string> {
  // The address comes from the source page (its canonical link): only an http(s) one is ever written.
  if (!/^https?:\/\//i.test(sourceUrl) || !URL.canParse(sourceUrl)) return {};
  return Object.fromEntries(plugins.map((plugin) => [CANONICAL_META[plugin], sourceUrl]));
}
