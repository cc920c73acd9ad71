import { createRequire } from 'node:module';

// Yoast's own helpers, so the matcher below builds exactly the regexes Yoast's does.
const require = createRequire(import.meta.url);
const addWordboundary = (
  require('yoastseo/build/languageProcessing/helpers/word/addWordboundary.js') as {
    default: (match: string, positiveLookAhead?: boolean, extra?: string, language?: string) => string;
  }
).default;
const stripSpaces = (require('yoastseo/build/languageProcessing/helpers/sanitize/stripSpaces.js') as { default: (text: string) => string }).default;
const transliterateModule = require('yoastseo/build/languageProcessing/helpers/transliterate/transliterate.js') as {
  default: (text: string, locale: string) => string;
};
const transliterateWPModule = require('yoastseo/build/languageProcessing/helpers/transliterate/transliterateWPstyle.js') as {
  default: (text: string, locale: string) => string;
};
const { getLanguage } = require('yoastseo/build/languageProcessing/index.js') as { getLanguage: (locale: string) => string };
const matchModule = require('yoastseo/build/languageProcessing/helpers/match/matchTextWithTransliteration.js') as {
  default: (text: string, keyword: string, locale: string) => string[];
};

/** One regex per (language, word form) for the analysis under way; emptied after each (see yoast.ts). */
const regexes = new Map<string, RegExp>();

function toRegex(keyword: string, language: string): RegExp {
  const key = `${language}\u0000${keyword}`;
  let regex = regexes.get(key);
  if (!regex) {
    regex = new RegExp(addWordboundary(keyword, false, '', language), 'ig');
    regexes.set(key, regex);
  }
  return regex;
}

/**
 * Yoast's `matchTextWithTransliteration` (helpers/match, yoastseo 3.6), same result, without its
 * cost: keyphrase counting calls it for every word form in every sentence, and Yoast compiles
 * three regexes each time (a tenth of an analysis). Here each regex is compiled once per analysis;
 * a global regex is safe to share because `match` and `replace` start it from 0 every time.
 * Turkish, which Yoast treats apart, keeps Yoast's own function.
 */
export function cachedMatchTextWithTransliteration(original: (text: string, keyword: string, locale: string) => string[]) {
  return (text: string, keyword: string, locale: string): string[] => {
    const language = getLanguage(locale);
    if (language === 'tr') return original(text, keyword, locale);
    const keywordRegex = toRegex(keyword, language);
    const matches: string[] = text.match(keywordRegex) ?? [];
    const rest = text.replace(keywordRegex, '');
    const transliterated = transliterateModule.default(keyword, locale);
    let combined = matches.concat(rest.match(toRegex(transliterated, language)) ?? []);
    const transliteratedWP = transliterateWPModule.default(keyword, locale);
    if (transliteratedWP !== transliterated) combined = combined.concat(rest.match(toRegex(transliteratedWP, language)) ?? []);
    return combined.map(stripSpaces);
  };
}

/** Installs the matcher on Yoast's module object, through which every caller reaches it. */
export function useCachedKeyphraseRegexes(): void {
  matchModule.default = cachedMatchTextWithTransliteration(matchModule.default);
}

export function clearKeyphraseRegexes(): void {
  regexes.clear();
}
