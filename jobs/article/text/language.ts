/**
 * ISO 639-3 → 639-1 for the languages news items arrive in. franc answers in 639-3; payloads,
 * locales and pages speak 639-1.
 */
export const ISO_639_1: Readonly<Record<string, string>> = {
  fra: 'fr', eng: 'en', spa: 'es', deu: 'de', ita: 'it', por: 'pt', nld: 'nl', rus: 'ru', ukr: 'uk',
  pol: 'pl', tur: 'tr', arb: 'ar', cmn: 'zh', jpn: 'ja', kor: 'ko', ron: 'ro', ell: 'el', swe: 'sv',
  dan: 'da', nob: 'no', fin: 'fi', ces: 'cs', hun: 'hu', heb: 'he', hin: 'hi', vie: 'vi', ind: 'id',
  cat: 'ca',
};

/** ISO 639-2 bibliographic codes, still found in feeds, beside the terminology ones above. */
const BIBLIOGRAPHIC: Readonly<Record<string, string>> = { fre: 'fr', ger: 'de', dut: 'nl' };

/** 639-1 → 639-3 (terminology codes), for franc's `only`. */
export const ISO_639_3: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ISO_639_1).map(([three, one]) => [one, three]),
);

/** `fr_FR`, `fr-FR`, `fra`, `FR` → `fr`. */
export function baseLanguage(language: string): string {
  const code = language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return ISO_639_1[code] ?? BIBLIOGRAPHIC[code] ?? code;
}
