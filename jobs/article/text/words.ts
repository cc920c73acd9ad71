import { createRequire } from 'node:module';

/** Word-level helpers shared by the cleaning step, the checks and the related-posts step. */

const require = createRequire(import.meta.url);

/** Yoast's French function words (articles, prepositions, pronouns, auxiliaries…), lowercase. */
export const frenchFunctionWords: readonly string[] = (
  require('yoastseo/build/languageProcessing/languages/fr/config/functionWords.js') as typeof import('yoastseo/build/languageProcessing/languages/fr/config/functionWords.js')
).all;

/** Whitespace-separated tokens holding at least one letter or digit (Yoast's own count is countYoastWords). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export const stripDiacritics = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

/** Passages between « » or “ ” (an article's quotations). */
export function quotedPassages(text: string): Array<{ text: string; index: number; length: number }> {
  return [...text.matchAll(/«([^«»]+)»|“([^“”]+)”/gu)].map((match) => ({
    text: (match[1] ?? match[2] ?? '').trim(),
    index: match.index,
    length: match[0].length,
  }));
}
