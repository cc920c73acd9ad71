import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getWords } = (require('yoastseo') as { languageProcessing: { getWords: (text: string) => string[] } }).languageProcessing;
const participlesModule = require('yoastseo/build/languageProcessing/languages/fr/helpers/internal/getParticiples.js') as {
  default: (clauseText: string) => string[];
};

/** Word → whether Yoast's French participle test accepts it. Words are few; capped all the same. */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 50_000;

/**
 * Yoast's French `getParticiples` (languages/fr/helpers/internal, yoastseo 3.6), same result,
 * without its cost: for every word of every clause it compiles a regex per irregular participle
 * (a few hundred), a fifth of the passive-voice research. Its test looks at one word at a time,
 * so each word's verdict is Yoast's own answer for that word alone, asked once and remembered.
 * A word that does not split back into itself (never seen on the fixtures) sends the clause to
 * Yoast's function as is.
 */
export function rememberedParticiples(original: (clauseText: string) => string[]) {
  return (clauseText: string): string[] => {
    const words = getWords(clauseText);
    const found: string[] = [];
    for (const word of words) {
      let verdict = verdicts.get(word);
      if (verdict === undefined) {
        const alone = getWords(word);
        if (alone.length !== 1 || alone[0] !== word) return original(clauseText);
        verdict = original(word).length === 1;
        if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
        verdicts.set(word, verdict);
      }
      if (verdict) found.push(word);
    }
    return found;
  };
}

/** Installs the memoised test on Yoast's module object, through which French clauses reach it. */
export function useRememberedParticiples(): void {
  participlesModule.default = rememberedParticiples(participlesModule.default);
}
