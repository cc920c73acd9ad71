import { CANONICAL_META } from './canonical.js';
import { SEO_META } from './seo.js';

/**
 * Post meta keys Plume writes, which the companion plugin registers (WordPress drops any other
 * meta silently). The plugin's PHP lists the same keys; its tests check them against this table.
 */
export const META = {
  sourceKey: '_plume_source_key',
  report: '_plume_report',
  /** Hash of the content Plume last wrote: a draft whose content no longer matches was edited by someone. */
  contentHash: '_plume_content_hash',
  yoastFocusKeyword: '_yoast_wpseo_focuskw',
  yoastTitle: '_yoast_wpseo_title',
  yoastDescription: '_yoast_wpseo_metadesc',
  rankMathFocusKeyword: 'rank_math_focus_keyword',
  rankMathTitle: 'rank_math_title',
  rankMathDescription: 'rank_math_description',
  aioseoKeywords: SEO_META.aioseo.focusKeyword,
  aioseoTitle: SEO_META.aioseo.title,
  aioseoDescription: SEO_META.aioseo.description,
  seopressKeyword: SEO_META.seopress.focusKeyword,
  seopressTitle: SEO_META.seopress.title,
  seopressDescription: SEO_META.seopress.description,
  /** The source's address as canonical, for sites that ask for it (`canonical_to_source`). */
  yoastCanonical: CANONICAL_META.yoast,
  rankMathCanonical: CANONICAL_META.rankmath,
  aioseoCanonical: CANONICAL_META.aioseo,
  seopressCanonical: CANONICAL_META.seopress,
  /** Plume's own copy, written whatever SEO plugin the site runs (or none). */
  plumeFocusKeyword: '_plume_focus_keyword',
  plumeSeoTitle: '_plume_seo_title',
  plumeMetaDescription: '_plume_meta_description',
} as const;
