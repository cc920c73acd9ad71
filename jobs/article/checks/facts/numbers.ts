import { inRanges, SPACE, type Range } from './text.js';
import { COMPOUND_ONLY, CURRENCY_BEFORE, FRENCH_IDIOMS, NUMBER_JOINERS, NUMBER_SUFFIXES, NUMBER_WORDS, PERCENT, SCALES, UNIT_AFTER } from './words.js';

/**
 * Numbers: figures read with the separators their text shows (a source's own unambiguous figures,
 * the answer's French from `Intl.NumberFormat`), spelled numbers, scale words, percentages, clock
 * times, Roman ordinals.
 */

export interface NumberMention {
  /** The figure as written, with its scale or percent word when it has one. */
  label: string;
  values: number[];
  percent: boolean;
  /** A unit, a currency, a percentage or a scale goes with it: a measured quantity, never a mere count. */
  measured: boolean;
  index: number;
  length: number;
}

export interface Separators {
  group: string;
  decimal: string;
}

const separatorCache = new Map<string, Separators | undefined>();

/** The thousands and decimal separators of a language, as `Intl.NumberFormat` writes 12 345,6; undefined when unknown. */
export function separatorsOf(language: string): Separators | undefined {
  if (separatorCache.has(language)) return separatorCache.get(language);
  let found: Separators | undefined;
  try {
    if (Intl.NumberFormat.supportedLocalesOf([language]).length > 0) {
      const parts = new Intl.NumberFormat(language).formatToParts(12345.6);
      const group = parts.find((part) => part.type === 'group')?.value ?? ' ';
      const decimal = parts.find((part) => part.type === 'decimal')?.value ?? '.';
      found = { group: /\s/u.test(group) ? ' ' : group, decimal };
    }
  } catch {
    found = undefined;
  }
  separatorCache.set(language, found);
  return found;
}

/** A figure: grouped thousands (`1 000`, `1,000`, `1.000`, `1'000`) with optional decimals, or a plain number. */
const FIGURE = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(?:\\d{1,3}(?:${SPACE}\\d{3})+(?:,\\d+)?|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d{1,3}(?:['’]\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?)(?![0-9])`,
  'gu',
);

/**
 * Every reading of a figure under the given separators: `12,000` is twelve thousand where the comma
 * groups, `30.000` thirty thousand where the dot does; `1,5` is one and a half wherever the comma is
 * the decimal mark. With no separators known, both readings of an ambiguous figure count.
 */
export function figureValues(raw: string, separators: Separators | undefined): number[] {
  if (/[ \u00A0\u202F\u2009'’]/.test(raw)) return [Number(raw.replace(/[ \u00A0\u202F\u2009'’]/g, '').replace(',', '.'))];
  const asGroups = (group: string, decimal: string): number =>
    Number(raw.split(group).join('').replace(decimal, '.'));
  const commaGroups = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw);
  const dotGroups = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(raw);
  // Only one separator followed by exactly three digits can be either mark.
  const ambiguous = /^\d{1,3}[.,]\d{3}$/.test(raw);
  if (commaGroups || dotGroups) {
    const group = commaGroups ? ',' : '.';
    const decimal = commaGroups ? '.' : ',';
    const grouped = asGroups(group, decimal);
    if (!ambiguous) return [grouped];
    const decimalReading = Number(raw.replace(group, '.'));
    if (separators === undefined) return [grouped, decimalReading];
    if (separators.group === group) return [grouped];
    if (separators.decimal === group) return [decimalReading];
    return [grouped, decimalReading];
  }
  return [Number(raw.replace(',', '.'))];
}

function withScaleAndPercent(text: string, end: number, values: number[]): { values: number[]; percent: boolean; scaled: boolean; end: number } {
  let rest = text.slice(end);
  let consumed = 0;
  const spaces = /^[ \u00A0\u202F]*/.exec(rest)?.[0].length ?? 0;
  const scale = SCALES.find(([pattern]) => pattern.test(rest.slice(spaces)));
  let all = values;
  if (scale) {
    const word = scale[0].exec(rest.slice(spaces))?.[0] ?? '';
    all = [...values, ...values.map((value) => value * scale[1])];
    consumed = spaces + word.length;
    rest = rest.slice(consumed);
  }
  const percent = PERCENT.exec(rest);
  if (percent) consumed += percent[0].length;
  return { values: all, percent: percent !== null, scaled: scale !== undefined, end: end + consumed };
}

interface NumberWordPattern {
  pattern: RegExp;
  words: Record<string, number>;
  joiner: RegExp;
  suffix: RegExp | undefined;
}

const numberWordPatterns = new Map<string, NumberWordPattern>();

function numberWordPattern(language: string): NumberWordPattern {
  const cached = numberWordPatterns.get(language);
  if (cached) return cached;
  const words = { ...(NUMBER_WORDS[language] ?? {}), ...(COMPOUND_ONLY[language] ?? {}) };
  const alternatives = Object.keys(words)
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/-/g, '[- ]'))
    .join('|');
  const and = NUMBER_JOINERS[language] ?? 'and';
  // Italian and German glue their compounds: `duemila`, `fünfundzwanzig`.
  const glued = GLUED_COMPOUNDS.has(language) ? `|${and}|` : '';
  const joiner = `(?:[ \\u00A0-]+${and}[ \\u00A0-]+|[ \\u00A0-]+${glued})`;
  const suffix = NUMBER_SUFFIXES[language] ? `(?:${NUMBER_SUFFIXES[language]})?` : '';
  // German glues a number to what it counts (`zweitägig`, `fünfköpfig`): a prefix is a number there.
  const end = language === 'de' ? '' : '(?![\\p{L}])';
  const built = {
    pattern: new RegExp(`(?<![\\p{L}])(?:${alternatives})(?:${joiner}(?:${alternatives}))*${suffix}${end}`, 'giu'),
    words,
    joiner: new RegExp(`[ \\u00A0]+${and}[ \\u00A0]+|[ \\u00A0]+|-(?!vingt)`, 'iu'),
    suffix: NUMBER_SUFFIXES[language] ? new RegExp(`${NUMBER_SUFFIXES[language]}$`, 'iu') : undefined,
  };
  numberWordPatterns.set(language, built);
  return built;
}

const GLUED_COMPOUNDS = new Set(['it', 'de']);

/** Longer than any real compound (`siebenhundertsiebenundsiebzigtausend` is 37): left whole, so hostile text costs nothing. */
const MAX_COMPOUND = 48;
/** Longest number word of any table, to bound each cut. */
const LONGEST_WORD = Math.max(...Object.values(NUMBER_WORDS).flatMap((words) => Object.keys(words).map((word) => word.length)));

/** A glued compound cut into its number words, longest first: `duemila` → `due`, `mila`. */
function segment(piece: string, words: Record<string, number>, joiner: string): string[] {
  if (piece in words || piece === '' || piece.length > MAX_COMPOUND) return [piece];
  for (let end = Math.min(piece.length - 1, LONGEST_WORD); end > 0; end -= 1) {
    const head = piece.slice(0, end);
    if (!(head in words) && head !== joiner) continue;
    const rest = segment(piece.slice(end), words, joiner);
    if (rest.every((word) => word in words || word === joiner)) return [head, ...rest].filter((word) => word !== joiner);
  }
  return [piece];
}

/**
 * The separators a source's own unambiguous figures show (`2,5` or `1.234.567`: comma decimals;
 * `3.75` or `1,234,567`: dot decimals). The language alone does not say: Mexican Spanish writes
 * `48,000`, Spanish from Spain `48.000`. Undefined when the text does not tell, and then both
 * readings of `48,000` count.
 */
export function documentSeparators(text: string): Separators | undefined {
  const comma = /(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?![\d.,])|\d{1,3}(?:\.\d{3}){2,}(?![\d])/u.test(text);
  const dot = /(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])|\d{1,3}(?:,\d{3}){2,}(?![\d])/u.test(text);
  if (comma === dot) return undefined;
  return comma ? { group: '.', decimal: ',' } : { group: ',', decimal: '.' };
}

/** `deux cent mille` → 200000, `dix-sept` → 17, `quatre-vingt-dix` → 90. */
function wordsValue(sequence: string[], words: Record<string, number>): number {
  let total = 0;
  let current = 0;
  for (const word of sequence) {
    const value = words[word] ?? 0;
    if (value === 100) current = (current || 1) * 100;
    else if (value >= 1000) {
      total += (current || 1) * value;
      current = 0;
    } else current += value;
  }
  return total + current;
}

const isMeasured = (text: string, start: number, end: number, percent: boolean, scaled: boolean): boolean =>
  percent || scaled || UNIT_AFTER.test(text.slice(end, end + 24)) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 4), start));

/** The mention of a number written from `index` to `wordEnd`, with the scale word or percent sign after it. */
function mentionAt(text: string, index: number, wordEnd: number, written: number[]): NumberMention {
  const { values, percent, scaled, end } = withScaleAndPercent(text, wordEnd, written);
  return { label: text.slice(index, end).trim(), values, percent, measured: isMeasured(text, index, end, percent, scaled), index, length: end - index };
}

/** Figures and spelled numbers of `text` in the given languages, outside the excluded ranges. */
export function numberMentions(text: string, languages: string[], excluded: readonly Range[], separators: Separators | undefined): NumberMention[] {
  const mentions: NumberMention[] = [];
  for (const match of text.matchAll(FIGURE)) {
    if (inRanges(excluded, match.index)) continue;
    mentions.push(mentionAt(text, match.index, match.index + match[0].length, figureValues(match[0], separators)));
  }
  const idioms: Range[] = [...text.matchAll(FRENCH_IDIOMS)].map((match) => [match.index, match.index + match[0].length]);
  for (const language of languages) {
    const { pattern, words, joiner, suffix } = numberWordPattern(language);
    const standalone = NUMBER_WORDS[language] ?? {};
    for (const match of text.matchAll(pattern)) {
      if (inRanges(excluded, match.index) || (language === 'fr' && inRanges(idioms, match.index))) continue;
      // `pour cent`, `per cent`, `per cento` are percent signs, not a hundred.
      if (/^cent[os]?$/i.test(match[0]) && /(?:pour|per)[ \u00A0]$/i.test(text.slice(Math.max(0, match.index - 5), match.index))) continue;
      const sequence = (suffix ? match[0].replace(suffix, '') : match[0])
        .toLowerCase()
        .replace(/quatre[- ]vingts?/g, (word) => word.replace(' ', '-'))
        .split(joiner)
        .flatMap((piece) => segment(piece, words, NUMBER_JOINERS[language] ?? ''))
        .filter((word) => word !== '');
      // A lone `un`, `a`, `neuf`, `million`… is an article, an adjective or a vague amount.
      if (sequence.length === 1 && !(sequence[0]! in standalone)) continue;
      const value = wordsValue(sequence, words);
      mentions.push(mentionAt(text, match.index, match.index + match[0].length, [value]));
    }
  }
  return mentions;
}

/** A count from zero to ten with nothing measured about it (`deux piliers`): an editor's call, not a hard fact. */
export const isSmallCount = (mention: NumberMention): boolean =>
  !mention.measured && mention.values.every((value) => Number.isInteger(value) && value >= 0 && value <= 10);

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

export function romanValue(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i += 1) {
    const value = ROMAN[numeral[i]!] ?? 0;
    const next = ROMAN[numeral[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** French Roman ordinals: `XIXe siècle`, `IIIe République`, `Ier`. */
export function romanOrdinals(text: string): NumberMention[] {
  return [...text.matchAll(/(?<![\p{L}\p{N}])([IVXLC]{2,}|[IVX])(?:e|er|re|ème)(?![\p{L}\p{N}])/gu)].map((match) => ({
    label: match[0],
    values: [romanValue(match[1]!)],
    percent: false,
    measured: false,
    index: match.index,
    length: match[0].length,
  }));
}

/** Roman numerals of a source (`siglo XIX`, `Charles III`), as values. */
export function romanValues(text: string): number[] {
  return [...text.matchAll(/(?<![\p{L}\p{N}])([IVXLC]{2,}|[IVX](?=(?:e|er|ème|º|°)?(?![\p{L}\p{N}])))(?:e|er|re|ème|º|°)?(?![\p{L}\p{N}])/gu)].map(
    (match) => romanValue(match[1]!),
  );
}

/** French clock times (`15 h`, `15 h 30`, `15h30`): the hour is checked among the source's hours. */
export function frenchTimes(text: string): Array<{ hour: number; minute?: number; label: string; index: number; length: number }> {
  return [...text.matchAll(/(?<![\p{L}\p{N},.])([01]?\d|2[0-4])[ \u00A0\u202F]?h(?:[ \u00A0\u202F]?([0-5]\d))?(?![\p{L}\p{N}])/gu)].map((match) => ({
    hour: Number(match[1]),
    ...(match[2] === undefined ? {} : { minute: Number(match[2]) }),
    label: match[0],
    index: match.index,
    length: match[0].length,
  }));
}

/** Hours and minutes of a source's clock times (`23.59 Uhr`, `18h30`, `21.30`), which read as decimals otherwise. */
export function clockValues(text: string): number[] {
  return [...text.matchAll(/(?<![\p{N}.,])([01]?\d|2[0-4])[ \u00A0]?[.:hH][ \u00A0]?([0-5]\d)(?![0-9])/gu)].flatMap((match) => [Number(match[1]), Number(match[2])]);
}

const AFTERNOON =
  '(?:p\\.?[ \\u00A0]?m\\.?|de la (?:tarde|noche)|da (?:tarde|noite)|del pomeriggio|di sera|della sera|de l[’\']après-midi|du soir|(?:am )?(?:nachmittags|abends))';

/**
 * Hours a source states in 12-hour form, as 24-hour values: `3 p.m.` → 15, `from 3 to 5 p.m.` → 15
 * and 17, `las 5 de la tarde` → 17.
 */
export function afternoonHours(text: string): number[] {
  const hours: number[] = [];
  const pattern = new RegExp(
    `(?<![\\p{N}])(\\d{1,2})(?:[:.h]\\d{2})?(?:${SPACE}*(?:to|and|until|till|a|al|à|et|bis|und|e|y|-|–)${SPACE}*(\\d{1,2})(?:[:.h]\\d{2})?)?${SPACE}*(?:horas?|uhr|ore|heures?|h)?${SPACE}*${AFTERNOON}(?![\\p{L}])`,
    'giu',
  );
  for (const match of text.matchAll(pattern)) {
    for (const group of [match[1], match[2]]) {
      const hour = Number(group);
      if (group !== undefined && hour >= 1 && hour <= 12) hours.push(hour === 12 ? 12 : hour + 12);
    }
  }
  return hours;
}

export const sameValue = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
