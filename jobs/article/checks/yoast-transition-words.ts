import { createRequire } from 'node:module';

// Yoast's own helpers, so the research below finds exactly what Yoast's does.
const require = createRequire(import.meta.url);
const getSentencesFromTree = (
  require('yoastseo/build/languageProcessing/helpers/sentence/getSentencesFromTree.js') as { default: (tree: unknown) => Sentence[] }
).default;
const getAllWordsFromTree = (require('yoastseo/build/languageProcessing/helpers/word/getAllWordsFromTree.js') as { default: (paper: unknown) => string[] })
  .default;
const { includesConsecutiveWords } = require('yoastseo/build/scoring/assessments/inclusiveLanguage/helpers/includesConsecutiveWords.js') as {
  includesConsecutiveWords: (words: string[], consecutive: string[]) => number[];
};

interface Sentence {
  text: string;
  tokens: Array<{ text: string }>;
}

interface Researcher {
  getConfig(name: string): unknown;
  getHelper(name: string): unknown;
}

/**
 * Yoast's `findTransitionWords` research (researches/findTransitionWords.js, yoastseo 3.6), same
 * result, without its cost: Yoast re-tokenises and lower-cases a sentence once per transition
 * word (hundreds per language), a fifth of a whole analysis. Here each sentence is tokenised once,
 * and a transition word is looked for only when all its words are among the sentence's tokens
 * (a necessary condition of Yoast's exact, consecutive match, which then decides).
 * Only for languages with no matching helper or custom length of their own (French has neither).
 */
export function findTransitionWords(paper: { getTree(): unknown }, researcher: Researcher) {
  const transitionWords = researcher.getConfig('transitionWords') as string[];
  const twoPartTransitionWords = researcher.getConfig('twoPartTransitionWords') as string[][] | false | undefined;
  const split = (word: string) => word.toLocaleLowerCase().split(' ');
  const singleParts = transitionWords.map(split);
  const twoParts = (twoPartTransitionWords || []).map((pair) => pair.map(split));
  const sentences = getSentencesFromTree(paper.getTree());
  const sentenceResults: Array<{ sentence: Sentence; transitionWords: string[] | string[][] }> = [];
  for (const sentence of sentences) {
    const tokens = sentence.tokens.filter((token) => token.text !== ' ').map((token) => token.text.toLocaleLowerCase());
    const present = new Set(tokens);
    const found = (words: string[]) => words.every((word) => present.has(word)) && includesConsecutiveWords(tokens, words).length > 0;
    if (twoPartTransitionWords) {
      const pairs = twoPartTransitionWords.filter((_, i) => found(twoParts[i]![0]!) && found(twoParts[i]![1]!));
      if (pairs.length !== 0) {
        sentenceResults.push({ sentence, transitionWords: pairs });
        continue;
      }
    }
    const matches = transitionWords.filter((_, i) => found(singleParts[i]!));
    if (matches.length !== 0) sentenceResults.push({ sentence, transitionWords: matches });
  }
  return {
    sentenceResults,
    totalSentences: sentences.length,
    transitionWordSentences: sentenceResults.length,
    textLength: getAllWordsFromTree(paper).length,
  };
}


/** Installs the research on a researcher whose language Yoast handles with the generic matcher. */
export function useFastTransitionWords(researcher: Researcher & { addResearch(name: string, research: unknown): void }): void {
  if (researcher.getHelper('matchTransitionWordsHelper') || researcher.getHelper('customCountLength')) return;
  researcher.addResearch('findTransitionWords', findTransitionWords);
}
