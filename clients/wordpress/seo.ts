/**
 * The SEO plugins Plume writes for, as a site's REST index shows them (each registers its own
 * namespace), and the post meta each reads the keyphrase, SEO title and meta description from.
 */
export type SeoPlugin = 'yoast' | 'rankmath' | 'aioseo' | 'seopress';

export const SEO_NAMESPACES: Readonly<Record<SeoPlugin, string>> = {
  yoast: 'yoast/v1',
  rankmath: 'rankmath/v1',
  aioseo: 'aioseo/v1',
  seopress: 'seopress/v1',
};

export interface SeoMetaKeys {
  focusKeyword: string;
  title: string;
  description: string;
}

/**
 * All in One SEO 4 keeps its data in its own table and mirrors title, description and keywords
 * into these post meta keys, which it reads when the table has no row; SEOPress reads its meta directly.
 */
export const SEO_META: Readonly<Record<SeoPlugin, SeoMetaKeys>> = {
  yoast: { focusKeyword: '_yoast_wpseo_focuskw', title: '_yoast_wpseo_title', description: '_yoast_wpseo_metadesc' },
  rankmath: { focusKeyword: 'rank_math_focus_keyword', title: 'rank_math_title', description: 'rank_math_description' },
  aioseo: { focusKeyword: '_aioseo_keywords', title: '_aioseo_title', description: '_aioseo_description' },
  seopress: { focusKeyword: '_seopress_analysis_target_kw', title: '_seopress_titles_title', description: '_seopress_titles_desc' },
};

/** The SEO plugins whose namespace the REST index lists, in a fixed order. */
export function seoPluginsOf(namespaces: readonly unknown[]): SeoPlugin[] {
  return (Object.keys(SEO_NAMESPACES) as SeoPlugin[]).filter((plugin) => namespaces.includes(SEO_NAMESPACES[plugin]));
}

/** The meta of each plugin in `plugins` for one article. */
export function seoMeta(plugins: readonly SeoPlugin[], seo: { focusKeyword: string; title: string; description: string }): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const plugin of plugins) {
    const keys = SEO_META[plugin];
    meta[keys.focusKeyword] = seo.focusKeyword;
    meta[keys.title] = seo.title;
    meta[keys.description] = seo.description;
  }
  return meta;
}
