/**
 * The API speaks snake_case; the check reports are built by TypeScript modules in camelCase
 * (`wordCount`, `copiedShingles`). Keys are converted here, at the edge, so a report reads in one
 * casing (`word_count` beside `unverified_quotes`). Values are left alone: Yoast's assessment ids
 * (`keyphraseLength`) are codes, not keys.
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replace(/(?<=[a-z\d])([A-Z])/g, '_$1').toLowerCase(), snakeCaseKeys(item)]));
}
