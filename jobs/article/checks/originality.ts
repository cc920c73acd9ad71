import type { Article } from '../contract.js';
import { baseLanguage } from '../text/language.js';
import { quotedPassages } from '../text/words.js';
import type { Finding, SourceText } from './finding.js';

/**
 * Containment of the answer's 4-word shingles in the source's (share of the answer's shingles also
 * found in the source), quotations « … » exempt.
 *
 * Measured against tests/fixtures/lavrov-pyongyang.fr.txt:
 *   - revised.json, rewritten in its own words: 0.237, longest copied run 12 words;
 *   - first-draft.json: 0.316, with verbatim runs of 13 to 17 words (`l’intensification de la
 *     coopération économique, a indiqué le ministère russe des Affaires étrangères dans un communiqué`);
 *   - a near-copy, the source's sentences with a few words swapped (tests/unit/originality.test.ts): 0.911.
 * Names and fixed phrases (`la Corée du Nord`, `ministère russe des Affaires étrangères`) keep even a
 * good rewrite around 0.2. The limit, 0.30, passes the revised answer with some margin and fails the
 * first draft and anything copied more heavily.
 */
export const ORIGINALITY_THRESHOLD = 0.3;
const SHINGLE = 4;
/** Copied passages reported for the repair prompt: the longest ones, of at least this many words. */
const MIN_PASSAGE_WORDS = 8;
const MAX_PASSAGES = 5;

export interface CopiedPassage {
  text: string;
  words: number;
}

export interface OriginalityReport {
  /** False when the source is not in French: shingles cannot be compared across languages. */
  applicable: boolean;
  passed: boolean;
  /** Share of the answer's shingles found in the source, 0–1, three decimals. */
  ratio: number;
  threshold: number;
  shingles: number;
  copiedShingles: number;
  /** Longest runs of the answer found word for word in the source, longest first. */
  passages: CopiedPassage[];
  findings: Finding[];
}

interface Word {
  word: string;
  start: number;
  end: number;
}

/** Lowercase words, apostrophes normalised, punctuation (hyphens and apostrophes included) as separator. */
function words(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({
    word: match[0].toLocaleLowerCase('fr'),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

const shingleAt = (list: Word[], i: number): string =>
  list
    .slice(i, i + SHINGLE)
    .map(({ word }) => word)
    .join(' ');

/** The answer's running text, cut at quotations so that no shingle spans one. */
function answerSegments(article: Article): string[] {
  const texts = [article.lead, ...article.sections.flatMap((section) => [section.heading, ...section.paragraphs])];
  return texts.flatMap((text) => {
    const segments: string[] = [];
    let last = 0;
    for (const quote of quotedPassages(text)) {
      segments.push(text.slice(last, quote.index));
      last = quote.index + quote.length;
    }
    segments.push(text.slice(last));
    return segments;
  });
}

export function checkOriginality(
  { answer, source }: { answer: Article; source: SourceText },
  threshold = ORIGINALITY_THRESHOLD,
): OriginalityReport {
  if (baseLanguage(source.language) !== 'fr') {
    return { applicable: false, passed: true, ratio: 0, threshold, shingles: 0, copiedShingles: 0, passages: [], findings: [] };
  }
  const sourceWords = words(source.text.replace(/[’‘`´]/g, "'"));
  const sourceShingles = new Set<string>();
  for (let i = 0; i + SHINGLE <= sourceWords.length; i += 1) sourceShingles.add(shingleAt(sourceWords, i));

  let shingles = 0;
  let copiedShingles = 0;
  const passages: CopiedPassage[] = [];
  for (const segment of answerSegments(answer)) {
    const list = words(segment);
    let runStart = -1;
    const closeRun = (lastShingle: number): void => {
      const first = list[runStart];
      const last = list[lastShingle + SHINGLE - 1];
      const count = lastShingle + SHINGLE - runStart;
      if (first && last && count >= MIN_PASSAGE_WORDS) passages.push({ text: segment.slice(first.start, last.end), words: count });
      runStart = -1;
    };
    for (let i = 0; i + SHINGLE <= list.length; i += 1) {
      shingles += 1;
      if (sourceShingles.has(shingleAt(list, i))) {
        copiedShingles += 1;
        if (runStart === -1) runStart = i;
      } else if (runStart !== -1) closeRun(i - 1);
    }
    if (runStart !== -1) closeRun(list.length - SHINGLE);
  }

  const ratio = shingles === 0 ? 0 : Math.round((copiedShingles / shingles) * 1000) / 1000;
  const longest = passages.sort((a, b) => b.words - a.words).slice(0, MAX_PASSAGES);
  const findings: Finding[] = [];
  if (ratio >= threshold) {
    const examples = longest.map(({ text }) => `« ${text} »`).join(' ; ');
    findings.push({
      id: 'copied_text',
      message: `${Math.round(ratio * 100)} % of the article's 4-word sequences are copied from the source (limit ${Math.round(threshold * 100)} %).`,
      message_fr: `${Math.round(ratio * 100)} % des suites de quatre mots de l’article sont copiées de la source (${Math.round(threshold * 100)} % au plus).`,
      instruction: `Le texte reprend trop la source mot pour mot (${Math.round(ratio * 100)} % des suites de quatre mots, maximum ${Math.round(threshold * 100)} %). Reformule entièrement avec tes propres phrases et un autre ordre d’exposition${examples ? `, en particulier : ${examples}` : ''}. Les citations entre « » peuvent rester exactes.`,
    });
  }
  return { applicable: true, passed: findings.length === 0, ratio, threshold, shingles, copiedShingles, passages: longest, findings };
}
