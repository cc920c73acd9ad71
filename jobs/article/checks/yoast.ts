import { createRequire } from 'node:module';
import { frenchFunctionWords } from '../text/words.js';
import { clearKeyphraseRegexes, useCachedKeyphraseRegexes } from './yoast-keyphrase-matching.js';
import { useRememberedParticiples } from './yoast-participles.js';
import { useFastTransitionWords } from './yoast-transition-words.js';

// yoastseo is CommonJS without an `exports` map; `require` gives `module.exports` as is, whatever
// loader runs this file (tsx, node on the tsc build), so `.default` means the same everywhere.
const require = createRequire(import.meta.url);
const yoast = require('yoastseo') as typeof import('yoastseo');
const frenchResearcherModule = require(
  'yoastseo/build/languageProcessing/languages/fr/Researcher.js',
) as typeof import('yoastseo/build/languageProcessing/languages/fr/Researcher.js');
const functionWordSet = new Set(frenchFunctionWords);

// Yoast memoises these per text without bound (lodash `memoize`); cleared after each analysis so a
// long-running worker does not grow.
interface Memoised {
  cache: { clear(): void };
}
const unboundedCaches: Memoised[] = [
  (require('yoastseo/build/languageProcessing/helpers/sentence/memoizedSentenceTokenizer.js') as { default: Memoised })
    .default,
  (require('yoastseo/build/languageProcessing/helpers/html/html.js') as { getBlocks: Memoised }).getBlocks,
];

// Keyphrase matching transliterates each keyphrase word once per sentence, running a few hundred
// regex replacements every time: about 40 % of an analysis (≈0.6 s → ≈0.35 s on the fixtures).
// Both functions are pure in (word, locale) and are called through their module object, so a
// memoised wrapper installed there serves every caller; the memo is emptied after each analysis.
const transliterationMemo = new Map<string, string>();
for (const path of [
  'yoastseo/build/languageProcessing/helpers/transliterate/transliterate.js',
  'yoastseo/build/languageProcessing/helpers/transliterate/transliterateWPstyle.js',
]) {
  const mod = require(path) as { default: (text: string, locale: string) => string };
  const original = mod.default;
  mod.default = (text, locale) => {
    const key = `${path}\u0000${locale}\u0000${text}`;
    let result = transliterationMemo.get(key);
    if (result === undefined) {
      result = original(text, locale);
      transliterationMemo.set(key, result);
    }
    return result;
  };
}

useCachedKeyphraseRegexes();
useRememberedParticiples();

export type YoastRating = 'good' | 'ok' | 'bad' | 'feedback';

export interface YoastAssessment {
  /** Yoast's identifier, e.g. `keyphraseDensity`, `textSentenceLength`. */
  id: string;
  kind: 'seo' | 'readability';
  /** Yoast's 0–9 score (-1 when the assessment itself crashed). */
  score: number;
  rating: YoastRating;
  /** Yoast's English feedback, HTML tags removed. */
  text: string;
}

export interface YoastInput {
  /** The rendered HTML, exactly as published. */
  html: string;
  keyword: string;
  seoTitle: string;
  metaDescription: string;
  slug: string;
  /** Full URL of the post; its host tells internal links from outbound ones. */
  permalink: string;
  locale?: string;
}

export interface YoastReport {
  /** 0–100: the SEO assessor's calculateOverallScore (mean of the valid results' scores, over 9). */
  seo: number;
  /** 30 / 60 / 90 (red / orange / green): the readability score aggregator. */
  readability: number;
  assessments: YoastAssessment[];
}

interface Analyser {
  researcher: InstanceType<typeof yoast.languageProcessing.AbstractResearcher>;
  seo: InstanceType<typeof yoast.SeoAssessor>;
  content: InstanceType<typeof yoast.ContentAssessor>;
}

// Only French is loaded: Plume writes French. Researcher and assessors hold no state between
// calls except the paper being assessed, and analyses are synchronous, so one set is reused.
const researcherClasses: Record<string, typeof yoast.languageProcessing.AbstractResearcher> = {
  fr: frenchResearcherModule.default,
};
const analysers = new Map<string, Analyser>();

/**
 * Yoast's word-form research filters every word of the paper through `functionWords.includes`,
 * a scan of a few hundred words each (5 % of an analysis); the researcher's own list answers the
 * same from a Set. Every Yoast caller passes `includes` one argument.
 */
function setLookupFunctionWords(researcher: Analyser['researcher']): void {
  const words = researcher.getConfig('functionWords') as string[] | false;
  if (!Array.isArray(words)) return;
  const set = new Set(words);
  Object.defineProperty(words, 'includes', { value: (word: unknown) => set.has(word as string) });
}

function analyserFor(locale: string): Analyser {
  const language = locale.slice(0, 2).toLowerCase();
  let analyser = analysers.get(language);
  if (!analyser) {
    const Researcher = researcherClasses[language];
    if (!Researcher) throw new Error(`No Yoast researcher loaded for locale ${locale}`);
    const researcher = new Researcher(new yoast.Paper(''));
    useFastTransitionWords(researcher);
    setLookupFunctionWords(researcher);
    analyser = { researcher, seo: new yoast.SeoAssessor(researcher), content: new yoast.ContentAssessor(researcher) };
    // Marks (the editor's highlighting of each sentence) are computed by running an assessment's
    // research again, a quarter of an analysis (transition words, passive voice); Plume reads
    // scores and texts only, which do not depend on them.
    for (const assessor of [analyser.seo, analyser.content]) {
      for (const assessment of assessor.getAvailableAssessments()) assessment.getMarks = () => [];
    }
    analysers.set(language, analyser);
  }
  return analyser;
}

/** Identifiers of every assessment Yoast's SEO and readability assessors can report for `locale`. */
export function yoastAssessmentIds(locale = 'fr_FR'): { seo: string[]; readability: string[] } {
  const { seo, content } = analyserFor(locale);
  const ids = (assessor: Analyser['seo']) =>
    assessor.getAvailableAssessments().map((assessment) => assessment.identifier);
  return { seo: ids(seo), readability: ids(content) };
}

function clearYoastCaches(): void {
  for (const memoised of unboundedCaches) memoised.cache.clear();
  transliterationMemo.clear();
  clearKeyphraseRegexes();
}

/** Yoast's scoreToRating, with crashed assessments (-1) counted as bad. */
function rating(score: number): YoastRating {
  if (score === 0) return 'feedback';
  if (score <= 4) return 'bad';
  if (score <= 7) return 'ok';
  return 'good';
}

const stripTags = (text: string): string => text.replace(/<[^>]*>/g, '');

/**
 * Runs Yoast's SEO and readability analyses on a Paper, as the WordPress plugin's analysis worker does.
 *
 * SEO: `calculateOverallScore()`, which averages the results that have a score and a text. The
 * 3.6.0 web worker aggregates *all* results instead, so the empty `functionWordsInKeyphrase` row
 * (no score, no text, whenever the keyphrase has content words) drags a perfect 99 down to 93;
 * Yoast treats that as a bug (Yoast/wordpress-seo#23400, fixed by #23466 with the valid-only
 * aggregator). We follow the fixed behaviour: on the fixtures, 78 / 82 / 99 rather than 73 / 77 / 93.
 *
 * Readability: the ReadabilityScoreAggregator the worker uses, given the locale. French is "fully
 * supported": ok costs 2 penalty points, bad 3; more than 4 points → 60, more than 6 → 30, else 90.
 * (ContentAssessor.calculateOverallScore gives the same on any text where all seven assessments apply.)
 */
export function analyzeYoast(input: YoastInput): YoastReport {
  const locale = input.locale ?? 'fr_FR';
  const { seo, content } = analyserFor(locale);
  const paper = new yoast.Paper(input.html, {
    keyword: input.keyword,
    title: input.seoTitle,
    titleWidth: titleWidthPx(input.seoTitle),
    description: input.metaDescription,
    slug: input.slug,
    permalink: input.permalink,
    locale,
  });
  try {
    seo.assess(paper);
    const seoScore = seo.calculateOverallScore();
    const seoResults = seo.getValidResults();
    content.getScoreAggregator().setLocale(locale);
    content.assess(paper);
    const readability = content.getScoreAggregator().aggregate(content.results);
    const assessments = [
      ...seoResults.map((result) => toAssessment(result, 'seo')),
      ...content.getValidResults().map((result) => toAssessment(result, 'readability')),
    ];
    return { seo: seoScore, readability, assessments };
  } finally {
    clearYoastCaches();
  }
}

function toAssessment(
  result: InstanceType<typeof yoast.AssessmentResult>,
  kind: YoastAssessment['kind'],
): YoastAssessment {
  const score = result.getScore();
  return { id: result.getIdentifier(), kind, score, rating: rating(score), text: stripTags(result.getText()) };
}

/**
 * Words as Yoast counts them (tags stripped, split on whitespace, punctuation-only tokens dropped):
 * unlike countWords, a lone `%` or `€` is a word here.
 */
export function countYoastWords(text: string): number {
  return yoast.languageProcessing.getWords(text).length;
}

/** Yoast's `wordCountInText` research: the number its text-length assessment reports for this HTML. */
export function yoastWordCount(html: string, locale = 'fr_FR'): number {
  const { researcher } = analyserFor(locale);
  researcher.setPaper(new yoast.Paper(html, { locale }));
  try {
    return researcher.getResearch('wordCountInText').count;
  } finally {
    clearYoastCaches();
  }
}

/**
 * The keyphrase's content words, as Yoast's keyphrase-length assessment counts them. Yoast keeps
 * every word of a keyphrase made only of function words (`de la`); those count as none here.
 */
export function keyphraseContentWords(keyword: string, locale = 'fr_FR'): string[] {
  const { researcher } = analyserFor(locale);
  researcher.setPaper(new yoast.Paper('', { keyword, locale }));
  return researcher
    .getResearch('morphology')
    .keyphraseForms.map((forms) => forms[0] ?? '')
    .filter((word) => word !== '' && !functionWordSet.has(word));
}

/**
 * Advance widths of Arial (per 1000 em), the font Yoast's snippet preview measures the title in
 * (`arial, sans-serif`, 20px, weight 400: helpers/createMeasurementElement.js). Read from the hmtx
 * table of Liberation Sans, which is metric-compatible with Arial. Accented letters take their base
 * letter's width (true of Arial). Kerning is ignored: the estimate may be a few pixels wide of
 * the browser's, small against the 600 px limit.
 */
const ARIAL_WIDTHS: Record<string, number> = {
  ' ': 278, '!': 278, '"': 355, '#': 556, $: 556, '%': 889, '&': 667, "'": 191, '(': 333, ')': 333,
  '*': 389, '+': 584, ',': 278, '-': 333, '.': 278, '/': 278, ':': 278, ';': 278, '<': 584, '=': 584,
  '>': 584, '?': 556, '@': 1015, '[': 278, '\\': 278, ']': 278, '^': 469, _: 556, '`': 333, '{': 334,
  '|': 260, '}': 334, '~': 584,
  0: 556, 1: 556, 2: 556, 3: 556, 4: 556, 5: 556, 6: 556, 7: 556, 8: 556, 9: 556,
  A: 667, B: 667, C: 722, D: 722, E: 667, F: 611, G: 778, H: 722, I: 278, J: 500, K: 667, L: 556, M: 833,
  N: 722, O: 778, P: 667, Q: 778, R: 722, S: 667, T: 611, U: 722, V: 667, W: 944, X: 667, Y: 667, Z: 611,
  a: 556, b: 556, c: 500, d: 556, e: 556, f: 278, g: 556, h: 556, i: 222, j: 222, k: 500, l: 222, m: 833,
  n: 556, o: 556, p: 556, q: 556, r: 333, s: 500, t: 278, u: 556, v: 500, w: 722, x: 500, y: 500, z: 500,
  '«': 556, '»': 556, '‘': 222, '’': 222, '“': 333, '”': 333, '–': 556, '—': 1000, '…': 1000, '€': 556,
  '°': 400, Œ: 1000, œ: 944, Æ: 1000, æ: 889, ß: 611,
  // No-break spaces: U+00A0 is a space in Arial; U+202F is missing from it, and counting it as a full
  // space keeps the estimate on the wide (safe) side of whatever fallback font the browser picks.
  '\u00A0': 278, '\u202F': 278,
};
/** Unknown characters: the width of an average lowercase letter. */
const DEFAULT_WIDTH = 556;
const TITLE_FONT_PX = 20;

/** Width in pixels of the SEO title in Google's desktop snippet, as Yoast's snippet preview measures it. */
export function titleWidthPx(title: string): number {
  let units = 0;
  for (const char of title) {
    units += ARIAL_WIDTHS[char] ?? ARIAL_WIDTHS[char.normalize('NFD').charAt(0)] ?? DEFAULT_WIDTH;
  }
  return Math.round((units * TITLE_FONT_PX) / 1000);
}
