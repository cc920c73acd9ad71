/**
 * Defaults that code outside the environment schema also needs (a client built without a
 * setting, a check run without targets). config/index.ts takes its defaults for these from here.
 */

/**
 * Yoast targets. SEO 90: Yoast's bullet turns green from 71, but 90 asks for nearly every
 * assessment to be good (a complete article with image and links reaches 99). Readability 90 is
 * Yoast's only green value.
 */
export const DEFAULT_SEO_TARGET = 90;
export const DEFAULT_READABILITY_TARGET = 90;

/** How long one WordPress request (or image download) may take. */
export const DEFAULT_WP_TIMEOUT_MS = 30_000;
