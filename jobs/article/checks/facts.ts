import countries from 'i18n-iso-countries';
import type { Article } from '../contract.js';
import type { Finding } from './check-article.js';
import { articleFields } from './form.js';
import { frenchFunctionWords } from './yoast.js';

/**
 * Facts check: every number, date, quotation and proper name of the answer must come from the
 * source. Answers are French; sources may be in another language, so numbers, months and weekdays
 * are compared as values, and names through their French forms where a table knows them.
 */

export interface SourceText {
  text: string;
  /** ISO 639-1 or 639-3 code, or a locale (`fr`, `fra`, `fr_FR`). */
  language: string;
}

export interface FactsInput {
  answer: Article;
  source: SourceText;
}

export interface FactsReport {
  passed: boolean;
  checked: { numbers: number; dates: number; quotes: number; names: number };
  /** Figures, dates, quotations and names of the answer that the source does not support. */
  missing: { numbers: string[]; dates: string[]; quotes: string[]; names: string[] };
  /** Quotations translated from a source in another language: not comparable verbatim, for the editor. */
  unverified_quotes: string[];
  /** Names a source in another language does not show in a form we can match, for the editor. */
  unverified_names: string[];
  findings: Finding[];
}

const ISO_639_3: Record<string, string> = { fra: 'fr', fre: 'fr', eng: 'en', spa: 'es', deu: 'de', ger: 'de', ita: 'it', por: 'pt' };

/** `fr_FR`, `fr-FR`, `fra`, `FR` → `fr`. */
export function baseLanguage(language: string): string {
  const code = language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return ISO_639_3[code] ?? code;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const stripDiacritics = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

/** Lowercase ASCII-ish words separated by single spaces, padded: for whole-word substring tests. */
const wordsOnly = (text: string): string =>
  ` ${stripDiacritics(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

/** Letters and digits only, lowercase: for identifiers such as `COVID-19` = `Covid 19`. */
const compact = (text: string): string => stripDiacritics(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const excerptAround = (text: string, index: number, length: number, span = 30): string => {
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, index - span)) + 1);
  const endSpace = text.indexOf(' ', Math.min(text.length, index + length + span));
  const end = endSpace === -1 ? text.length : endSpace;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
};

// ---------------------------------------------------------------------------------------------
// Numbers

/** Word numbers per language. `un/une/one/uno/ein`, and French `neuf` (also "new"), only count inside compounds. */
const NUMBER_WORDS: Record<string, Record<string, number>> = {
  fr: {
    zéro: 0, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, dix: 10, onze: 11, douze: 12,
    treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30, quarante: 40,
    cinquante: 50, soixante: 60, 'quatre-vingt': 80, 'quatre-vingts': 80, cent: 100, cents: 100, mille: 1000,
  },
  en: {
    zero: 0, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
    twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
    nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, thousand: 1000,
  },
  es: {
    dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12,
    trece: 13, catorce: 14, quince: 15, dieciséis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
    veinte: 20, cien: 100, ciento: 100, mil: 1000,
  },
  de: {
    zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, elf: 11, zwölf: 12,
    dreizehn: 13, vierzehn: 14, fünfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18, neunzehn: 19,
    zwanzig: 20, hundert: 100, tausend: 1000,
  },
  it: {
    due: 2, tre: 3, quattro: 4, cinque: 5, sei: 6, sette: 7, otto: 8, nove: 9, dieci: 10, undici: 11,
    dodici: 12, tredici: 13, quattordici: 14, quindici: 15, sedici: 16, diciassette: 17, diciotto: 18,
    diciannove: 19, venti: 20, cento: 100, mille: 1000,
  },
  pt: {
    dois: 2, duas: 2, três: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11,
    doze: 12, treze: 13, catorze: 14, quinze: 15, dezesseis: 16, dezessete: 17, dezoito: 18, dezenove: 19,
    vinte: 20, cem: 100, cento: 100, mil: 1000,
  },
};
const COMPOUND_ONLY: Record<string, Record<string, number>> = {
  fr: { un: 1, une: 1, neuf: 9, million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9 },
  en: { one: 1, million: 1e6, millions: 1e6, billion: 1e9, billions: 1e9 },
  es: { un: 1, uno: 1, una: 1, millón: 1e6, millones: 1e6 },
  de: { ein: 1, eine: 1, million: 1e6, millionen: 1e6, milliarde: 1e9, milliarden: 1e9 },
  it: { un: 1, uno: 1, una: 1, milione: 1e6, milioni: 1e6, miliardo: 1e9, miliardi: 1e9 },
  pt: { um: 1, uma: 1, milhão: 1e6, milhões: 1e6, bilhão: 1e9, bilhões: 1e9 },
};

/** Scale words after a figure: `3,4 milliards` = `3.4 billion`. */
const SCALES: Array<[RegExp, number]> = [
  [/^(?:mille|thousands?|mil|tausend)(?![\p{L}])/iu, 1e3],
  [/^(?:millions?|millón|millones|millionen|milion[ei]|milh(?:ão|ões))(?![\p{L}])/iu, 1e6],
  [/^(?:milliards?|billions?|bn|milliarden?|miliard[oi]|bilh(?:ão|ões))(?![\p{L}])/iu, 1e9],
];
const PERCENT = /^[ \u00A0\u202F]*(?:%|pour[ \u00A0]?cent|p\.[ \u00A0]?100|per[ \u00A0]?cent|percent|por[ \u00A0]?ciento|prozent|per[ \u00A0]?cento|por[ \u00A0]?cento)(?![\p{L}])/iu;

const SPACE_SEP = '[ \\u00A0\\u202F\\u2009]';
/** A figure: grouped thousands (`1 000`, `1,000`, `1.000`) with optional decimals, or a plain number. */
const FIGURE = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(?:\\d{1,3}(?:${SPACE_SEP}\\d{3})+(?:,\\d+)?|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?)(?!\\p{N})`,
  'gu',
);

interface NumberMention {
  /** The figure as written, with its unit word when it has one. */
  label: string;
  values: number[];
  percent: boolean;
  index: number;
  length: number;
}

/** Every reading of a figure: `1,000` is a thousand in English and one in French. */
function figureValues(raw: string): number[] {
  const digits = raw.replace(/[ \u00A0\u202F\u2009]/g, '');
  if (/[ \u00A0\u202F\u2009]/.test(raw)) return [Number(digits.replace(',', '.'))];
  const commaGroups = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(digits);
  const dotGroups = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(digits);
  if (commaGroups) {
    const values = [Number(digits.replace(/,/g, ''))];
    if (/^\d+,\d{3}$/.test(digits)) values.push(Number(digits.replace(',', '.')));
    return values;
  }
  if (dotGroups) {
    const values = [Number(digits.replace(/\./g, '').replace(',', '.'))];
    if (/^\d+\.\d{3}$/.test(digits)) values.push(Number(digits));
    return values;
  }
  return [Number(digits.replace(',', '.'))];
}

function withScaleAndPercent(text: string, end: number, values: number[]): { values: number[]; percent: boolean; end: number } {
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
  return { values: all, percent: percent !== null, end: end + consumed };
}

const numberWordPatterns = new Map<string, { pattern: RegExp; words: Record<string, number> }>();

function numberWordPattern(language: string): { pattern: RegExp; words: Record<string, number> } {
  const cached = numberWordPatterns.get(language);
  if (cached) return cached;
  const words = { ...(NUMBER_WORDS[language] ?? {}), ...(COMPOUND_ONLY[language] ?? {}) };
  const alternatives = Object.keys(words)
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/-/g, '[- ]'))
    .join('|');
  const joiner = language === 'fr' ? '(?:[ \\u00A0-]+et[ \\u00A0-]+|[ \\u00A0-]+)' : '(?:[ \\u00A0-]+and[ \\u00A0-]+|[ \\u00A0-]+|-)';
  // `pour cent` / `per cent` are percent signs, not a hundred.
  const built = {
    pattern: new RegExp(
      `(?<![\\p{L}])(?<!(?:pour|per)[ \\u00A0])(?:${alternatives})(?:${joiner}(?:${alternatives}))*(?![\\p{L}])`,
      'giu',
    ),
    words,
  };
  numberWordPatterns.set(language, built);
  return built;
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

function numberMentions(text: string, languages: string[], excluded: Array<[number, number]>): NumberMention[] {
  const mentions: NumberMention[] = [];
  const isExcluded = (index: number): boolean => excluded.some(([start, end]) => index >= start && index < end);
  for (const match of text.matchAll(FIGURE)) {
    if (isExcluded(match.index)) continue;
    const { values, percent, end } = withScaleAndPercent(text, match.index + match[0].length, figureValues(match[0]));
    mentions.push({ label: text.slice(match.index, end).trim(), values, percent, index: match.index, length: end - match.index });
  }
  for (const language of languages) {
    const { pattern, words } = numberWordPattern(language);
    const standalone = NUMBER_WORDS[language] ?? {};
    for (const match of text.matchAll(pattern)) {
      if (isExcluded(match.index)) continue;
      const sequence = match[0]
        .toLowerCase()
        .replace(/quatre[- ]vingts?/g, (word) => word.replace(' ', '-'))
        .split(/[ \u00A0]+(?:et|and)[ \u00A0]+|[ \u00A0]+|-(?!vingt)/)
        .filter((word) => word !== '');
      // A lone `un`, `a`, `neuf`, `million`… is an article, an adjective or a vague amount.
      if (sequence.length === 1 && !(sequence[0]! in standalone)) continue;
      const value = wordsValue(sequence, words);
      const { percent, end } = withScaleAndPercent(text, match.index + match[0].length, [value]);
      mentions.push({ label: text.slice(match.index, end).trim(), values: [value], percent, index: match.index, length: end - match.index });
    }
  }
  return mentions;
}

const sameValue = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

// ---------------------------------------------------------------------------------------------
// Dates

/** Month names per language, January first. English and German ones are capitalised in text. */
const MONTHS: Record<string, string[][]> = {
  fr: [['janvier'], ['février', 'fevrier'], ['mars'], ['avril'], ['mai'], ['juin'], ['juillet'], ['août', 'aout'], ['septembre'], ['octobre'], ['novembre'], ['décembre', 'decembre']],
  en: [['January', 'Jan.'], ['February', 'Feb.'], ['March', 'Mar.'], ['April', 'Apr.'], ['May'], ['June'], ['July'], ['August', 'Aug.'], ['September', 'Sept.', 'Sep.'], ['October', 'Oct.'], ['November', 'Nov.'], ['December', 'Dec.']],
  es: [['enero'], ['febrero'], ['marzo'], ['abril'], ['mayo'], ['junio'], ['julio'], ['agosto'], ['septiembre', 'setiembre'], ['octubre'], ['noviembre'], ['diciembre']],
  de: [['Januar', 'Jänner'], ['Februar'], ['März'], ['April'], ['Mai'], ['Juni'], ['Juli'], ['August'], ['September'], ['Oktober'], ['November'], ['Dezember']],
  it: [['gennaio'], ['febbraio'], ['marzo'], ['aprile'], ['maggio'], ['giugno'], ['luglio'], ['agosto'], ['settembre'], ['ottobre'], ['novembre'], ['dicembre']],
  pt: [['janeiro'], ['fevereiro'], ['março'], ['abril'], ['maio'], ['junho'], ['julho'], ['agosto'], ['setembro'], ['outubro'], ['novembro'], ['dezembro']],
};
/** Weekdays per language, Monday first. */
const WEEKDAYS: Record<string, string[][]> = {
  fr: [['lundi'], ['mardi'], ['mercredi'], ['jeudi'], ['vendredi'], ['samedi'], ['dimanche']],
  en: [['Monday'], ['Tuesday'], ['Wednesday'], ['Thursday'], ['Friday'], ['Saturday'], ['Sunday']],
  es: [['lunes'], ['martes'], ['miércoles'], ['jueves'], ['viernes'], ['sábado'], ['domingo']],
  de: [['Montag'], ['Dienstag'], ['Mittwoch'], ['Donnerstag'], ['Freitag'], ['Samstag', 'Sonnabend'], ['Sonntag']],
  it: [['lunedì'], ['martedì'], ['mercoledì'], ['giovedì'], ['venerdì'], ['sabato'], ['domenica']],
  pt: [['segunda-feira'], ['terça-feira'], ['quarta-feira'], ['quinta-feira'], ['sexta-feira'], ['sábado'], ['domingo']],
};
/** Capitalised in running text: matching them case-sensitively avoids `may`, `march` the verbs. */
const CASE_SENSITIVE = new Set(['en', 'de']);

const calendarPatterns = new Map<string, { pattern: RegExp; index: Map<string, number> }>();

function calendarPattern(table: Record<string, string[][]>, language: string): { pattern: RegExp; index: Map<string, number> } {
  const key = `${table === MONTHS ? 'month' : 'weekday'}:${language}`;
  const cached = calendarPatterns.get(key);
  if (cached) return cached;
  const index = new Map<string, number>();
  (table[language] ?? []).forEach((forms, i) => forms.forEach((form) => index.set(form.toLowerCase(), i)));
  const alternatives = [...index.keys()]
    .sort((a, b) => b.length - a.length)
    .map((form) => (CASE_SENSITIVE.has(language) ? form.charAt(0).toUpperCase() + form.slice(1) : form).replace('.', '\\.'))
    .join('|');
  const flags = CASE_SENSITIVE.has(language) ? 'gu' : 'giu';
  const built = { pattern: new RegExp(`(?<![\\p{L}])(?:${alternatives})(?![\\p{L}])`, flags), index };
  calendarPatterns.set(key, built);
  return built;
}

interface CalendarMention {
  kind: 'month' | 'weekday';
  value: number;
  label: string;
  index: number;
}

function calendarMentions(text: string, languages: string[]): CalendarMention[] {
  const mentions: CalendarMention[] = [];
  for (const language of languages) {
    for (const [kind, table] of [['month', MONTHS], ['weekday', WEEKDAYS]] as const) {
      const { pattern, index } = calendarPattern(table, language);
      for (const match of text.matchAll(pattern)) {
        // French `Mars` and `Mai` capitalised are the planet and a name, not months.
        if (language === 'fr' && /^(?:Mars|Mai)$/.test(match[0])) continue;
        const value = index.get(match[0].toLowerCase());
        if (value !== undefined) mentions.push({ kind, value, label: match[0], index: match.index });
      }
    }
  }
  return mentions;
}

interface DayMonth {
  day: number;
  month: number;
  label: string;
  /** Span of the day figure, checked with the date rather than as a bare number. */
  dayStart: number;
  dayEnd: number;
}

/** `19 octobre`, `1er décembre`, `December 2`, `2. Dezember`, `2 de diciembre`. */
function dayMonthMentions(text: string, months: CalendarMention[]): DayMonth[] {
  const pairs: DayMonth[] = [];
  for (const month of months.filter((mention) => mention.kind === 'month')) {
    const before = /(?<![\p{N}.,])(\d{1,2})(?:er|re|st|nd|rd|th|º|°|\.)?[ \u00A0\u202F]+(?:de[ \u00A0]+|of[ \u00A0]+)?$/u.exec(
      text.slice(Math.max(0, month.index - 12), month.index),
    );
    const after = /^\.?[ \u00A0\u202F]+(\d{1,2})(?:st|nd|rd|th)?(?![\p{N}])/u.exec(text.slice(month.index + month.label.length));
    if (before?.[1]) {
      const dayStart = month.index - before[0].length;
      pairs.push({ day: Number(before[1]), month: month.value, label: `${before[0]}${month.label}`.trim(), dayStart, dayEnd: dayStart + before[1].length });
    } else if (after?.[1]) {
      const dayStart = month.index + month.label.length + after[0].indexOf(after[1]);
      pairs.push({ day: Number(after[1]), month: month.value, label: `${month.label}${after[0]}`.trim(), dayStart, dayEnd: dayStart + after[1].length });
    }
  }
  return pairs.filter((pair) => pair.day >= 1 && pair.day <= 31);
}

// ---------------------------------------------------------------------------------------------
// Quotations

/** Passages between « » or “ ” (the answer's quotations). */
export function quotedPassages(text: string): Array<{ text: string; index: number; length: number }> {
  return [...text.matchAll(/«([^«»]+)»|“([^“”]+)”/gu)].map((match) => ({
    text: (match[1] ?? match[2] ?? '').trim(),
    index: match.index,
    length: match[0].length,
  }));
}

/**
 * Typography-blind form: quote marks, apostrophes, spaces and case ignored, and accents too, since
 * capitals often lose theirs (`Etats-Unis`, `CORÉE` / `Corée`).
 */
function quoteComparable(text: string): string {
  return stripDiacritics(text)
    .toLowerCase()
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/\.\.\./g, '…')
    .replace(/[«»“”„"]/g, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/ (?=[,.;:!?…)])/g, '')
    .replace(/(?<=\() /g, '')
    .trim();
}

/** A quotation may skip words with an ellipsis: each part must be in the source. */
function quoteParts(quote: string): string[] {
  return quote
    .split(/\[…\]|\(…\)|\[\.\.\.\]|\(\.\.\.\)|…|\.\.\./u)
    .map((part) => quoteComparable(part).replace(/^[\s,.;:!?…-]+|[\s,.;:!?…-]+$/gu, ''))
    .filter((part) => part !== '');
}

// ---------------------------------------------------------------------------------------------
// Names

/** Lowercase particles that may sit inside a name: `Corée du Nord`, `Asie de l’Est`, `Ludwig van Beethoven`. */
const CONNECTORS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'd', 'l', 'von', 'van', 'der', 'den', 'al', 'el', 'bin', 'ben', 'da', 'do', 'dos', 'di']);
const ROMAN_ORDINAL = /^[IVXLC]+(?:e|er|re|ème)?$/;

interface NameMention {
  name: string;
  /** Where the name starts in its text, to try longer alias forms (`Guyane` + ` française`). */
  index: number;
  /** The name cut at its particles (`Ewha de Séoul` → `Ewha`, `Séoul`): each may be checked alone. */
  parts: Array<{ name: string; index: number }>;
}

interface Token {
  word: string;
  index: number;
  /** Elided particle glued in front (`l’` of `l’ONU`), lowercase. */
  elision: string;
  sentenceStart: boolean;
  /** Only spaces separate it from the previous token. */
  joined: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu)) {
    const gap = text.slice(previousEnd, match.index);
    const elided = /^([dlDL])[’'](?=\p{L})/u.exec(match[0]);
    tokens.push({
      word: elided ? match[0].slice(2) : match[0].replace(/[’'-]+$/, ''),
      index: elided ? match.index + 2 : match.index,
      elision: elided ? (elided[1] ?? '').toLowerCase() : '',
      sentenceStart: tokens.length === 0 || /[.!?…«“(—–]/u.test(gap) || /\n/.test(gap),
      joined: /^[ \u00A0\u202F]+$/.test(gap),
    });
    previousEnd = match.index + match[0].length;
  }
  return tokens;
}

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word) && !ROMAN_ORDINAL.test(word);

/**
 * Capitalised runs (`Sergueï Lavrov`, `Corée du Nord`, `Asie de l’Est`, `KCNA`). A run that opens a
 * sentence loses a first word that is a common word (`Selon Tass` → `Tass`), and a single
 * sentence-initial word is skipped: nothing tells `Reçu` from `Lavrov` there.
 */
function nameMentions(text: string, commonWords: ReadonlySet<string>): NameMention[] {
  const tokens = tokenize(text);
  const names: NameMention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i]!;
    i += 1;
    if (!isCapitalised(first.word)) continue;
    // Consecutive capitalised words form a part; particles (`de`, `du`, `l’`…) between two of them start a new part.
    const parts: Token[][] = [[first]];
    for (;;) {
      let k = i;
      while (k < tokens.length && tokens[k]!.joined && !tokens[k]!.elision && CONNECTORS.has(tokens[k]!.word)) k += 1;
      const next = tokens[k];
      if (!next?.joined || !isCapitalised(next.word)) break;
      if (k > i || next.elision) parts.push([next]);
      else parts[parts.length - 1]!.push(next);
      i = k + 1;
    }
    if (first.sentenceStart) {
      const opening = parts[0]!;
      while (opening.length > 0 && commonWords.has(opening[0]!.word.toLowerCase())) opening.shift();
      if (opening.length === 0) parts.shift();
      else if (parts.length === 1 && opening.length === 1 && opening[0] === first) continue;
    }
    const span = (list: Token[]): { name: string; index: number } => {
      const head = list[0]!;
      const tail = list[list.length - 1]!;
      return { name: text.slice(head.index, tail.index + tail.word.length), index: head.index };
    };
    const kept = parts.filter((part) => part.length > 0);
    if (kept.length === 0) continue;
    const whole = span(kept.flat());
    names.push({ ...whole, parts: kept.length > 1 ? kept.map(span) : [] });
  }
  return names;
}

/**
 * Equivalent forms of common non-country names, across the languages Plume reads (no gazetteer is
 * installed). Countries come from i18n-iso-countries; `États-Unis` and `Grande-Bretagne` are here
 * because the library only has the official French forms.
 */
const NAME_EQUIVALENTS: string[][] = [
  ['États-Unis', 'United States', 'US', 'U.S.', 'USA', 'Estados Unidos', 'EE. UU.', 'Vereinigte Staaten', 'Stati Uniti', 'EUA'],
  ['Grande-Bretagne', 'Royaume-Uni', 'Britain', 'Great Britain', 'United Kingdom', 'UK', 'Gran Bretaña', 'Großbritannien', 'Gran Bretagna'],
  ['Anvers', 'Antwerp', 'Antwerpen', 'Amberes', 'Anversa'],
  ['Méditerranée', 'Mediterranean', 'Mediterráneo', 'Mittelmeer', 'Mediterraneo', 'Mediterrâneo'],
  ['Londres', 'London', 'Londra'],
  ['Bruxelles', 'Brussels', 'Brüssel', 'Bruselas'],
  ['Moscou', 'Moscow', 'Moskau', 'Moscú', 'Mosca'],
  ['Pékin', 'Beijing', 'Peking', 'Pekín', 'Pechino', 'Pequim'],
  ['Séoul', 'Seoul', 'Seúl'],
  ['Genève', 'Geneva', 'Genf', 'Ginebra', 'Ginevra', 'Genebra'],
  ['Vienne', 'Vienna', 'Wien', 'Viena'],
  ['Varsovie', 'Warsaw', 'Warschau', 'Varsovia'],
  ['Lisbonne', 'Lisbon', 'Lissabon', 'Lisboa'],
  ['Venise', 'Venice', 'Venedig', 'Venecia', 'Venezia', 'Veneza'],
  ['Munich', 'München', 'Múnich', 'Monaco di Baviera'],
  ['Cologne', 'Köln', 'Colonia'],
  ['Le Caire', 'Cairo', 'El Cairo', 'Kairo', 'Il Cairo'],
  ['Europe', 'Europa'],
  ['Asie', 'Asia', 'Asien'],
  ['Afrique', 'Africa', 'Afrika'],
  ['Amérique', 'America', 'Amerika', 'América'],
  ['Manche', 'English Channel', 'Canal de la Mancha', 'Ärmelkanal'],
  ['Union européenne', 'UE', 'European Union', 'EU', 'Unión Europea', 'Europäische Union', 'Unione europea', 'União Europeia'],
  ['ONU', 'Nations unies', 'UN', 'United Nations', 'Naciones Unidas', 'Vereinte Nationen', 'Nazioni Unite', 'Nações Unidas'],
  ['OTAN', 'NATO'],
  ['Agence spatiale européenne', 'ESA', 'European Space Agency', 'Agencia Espacial Europea', 'Europäische Weltraumorganisation'],
  ['Maison Blanche', 'White House', 'Casa Blanca', 'Weißes Haus', 'Casa Bianca'],
];

interface AliasIndex {
  /** wordsOnly form → groups it belongs to. */
  groups: Map<string, number[]>;
  forms: string[][];
  /** Longest form, in characters, to bound the look-ahead from a name's start. */
  longest: number;
}

const aliasIndexes = new Map<string, AliasIndex>();

function aliasIndex(sourceLanguage: string): AliasIndex {
  const cached = aliasIndexes.get(sourceLanguage);
  if (cached) return cached;
  const forms: string[][] = NAME_EQUIVALENTS.map((group) => [...group]);
  const languages = [...new Set(['fr', 'en', sourceLanguage])].filter((language) => countries.langs().includes(language));
  for (const code of Object.keys(countries.getAlpha2Codes())) {
    forms.push(languages.flatMap((language) => countries.getName(code, language, { select: 'all' }) ?? []));
  }
  const groups = new Map<string, number[]>();
  let longest = 0;
  forms.forEach((group, g) => {
    for (const form of group) {
      const key = wordsOnly(form);
      groups.set(key, [...(groups.get(key) ?? []), g]);
      longest = Math.max(longest, form.length);
    }
  });
  const index = { groups, forms, longest };
  aliasIndexes.set(sourceLanguage, index);
  return index;
}

/** The alias groups of the longest known form starting where the name starts (`Guyane` + ` française`). */
function aliasGroups(text: string, start: number, index: AliasIndex): number[] {
  const ahead = text.slice(start, start + index.longest + 1);
  const words = wordsOnly(ahead).trim().split(' ');
  for (let n = words.length; n >= 1; n -= 1) {
    const groups = index.groups.get(` ${words.slice(0, n).join(' ')} `);
    if (groups) return groups;
  }
  return [];
}

/** Short capitalised acronyms (`US`, `UN`, `UE`) must match case-sensitively: `us`, `un` are common words. */
function sourceHasForm(form: string, source: string, sourceWords: string): boolean {
  if (/^[A-Z.]{2,4}$/.test(form)) {
    return new RegExp(`(?<![\\p{L}])${form.replace(/\./g, '\\.')}(?![\\p{L}])`, 'u').test(source);
  }
  return sourceWords.includes(wordsOnly(form));
}

// ---------------------------------------------------------------------------------------------

/** Words that may open a French sentence capitalised without being a name. */
const FRENCH_COMMON: readonly string[] = [...frenchFunctionWords, ...(MONTHS.fr ?? []).flat(), ...(WEEKDAYS.fr ?? []).flat()];

const MAX_LISTED = 8;

/** Checks the answer's numbers, dates, quotations and names against the source. */
export function checkFacts({ answer, source }: FactsInput): FactsReport {
  const sourceLanguage = baseLanguage(source.language);
  const sameLanguage = sourceLanguage === 'fr';
  const sourceLanguages = sourceLanguage in NUMBER_WORDS ? [sourceLanguage] : Object.keys(NUMBER_WORDS);
  const fields = articleFields(answer, { includeSlug: false }).filter(({ field }) => field !== 'focus_keyword');

  // Source side: everything it supports.
  const sourceCalendar = calendarMentions(source.text, sourceLanguages);
  const sourceDays = dayMonthMentions(source.text, sourceCalendar);
  const sourceNumbers = numberMentions(source.text, sourceLanguages, []);
  const sourceCompact = compact(source.text);
  const sourceWords = wordsOnly(source.text);
  const sourceQuoteText = quoteComparable(source.text);
  const aliases = aliasIndex(sourceLanguage);
  // A capitalised sentence opener is a common word when it also appears in lowercase somewhere.
  const commonWords = new Set<string>(FRENCH_COMMON);
  for (const text of [source.text, ...fields.map(({ text }) => text)]) {
    for (const [word] of text.matchAll(/(?<![\p{L}])\p{Ll}[\p{L}’'-]*/gu)) commonWords.add(word);
  }

  const missing: FactsReport['missing'] = { numbers: [], dates: [], quotes: [], names: [] };
  const unverifiedQuotes: string[] = [];
  const unverifiedNames: string[] = [];
  const checked = { numbers: 0, dates: 0, quotes: 0, names: 0 };
  const seen = new Set<string>();
  const once = (key: string): boolean => !seen.has(key) && Boolean(seen.add(key));

  for (const { text } of fields) {
    const calendar = calendarMentions(text, ['fr']);
    const days = dayMonthMentions(text, calendar);
    const excluded: Array<[number, number]> = days.map((day) => [day.dayStart, day.dayEnd]);

    // Identifiers glued to letters (`B1`, `F-16`, `COVID-19`) must appear as such.
    for (const match of text.matchAll(/(?<![\p{L}\p{N}])\p{L}[\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*/gu)) {
      if (!/\p{N}/u.test(match[0])) continue;
      excluded.push([match.index, match.index + match[0].length]);
      checked.numbers += 1;
      if (!sourceCompact.includes(compact(match[0])) && once(`id:${compact(match[0])}`)) {
        missing.numbers.push(`${match[0]} (${excerptAround(text, match.index, match[0].length)})`);
      }
    }

    for (const mention of numberMentions(text, ['fr'], excluded)) {
      checked.numbers += 1;
      const supported = sourceNumbers.some(
        (candidate) =>
          (!mention.percent || candidate.percent) &&
          mention.values.some((value) => candidate.values.some((other) => sameValue(value, other))),
      );
      if (!supported && once(`n:${mention.label}`)) {
        missing.numbers.push(`${mention.label} (${excerptAround(text, mention.index, mention.length)})`);
      }
    }

    for (const day of days) {
      checked.dates += 1;
      const supported = sourceDays.some((other) => other.day === day.day && other.month === day.month);
      if (!supported && once(`d:${day.day}-${day.month}`)) {
        missing.dates.push(`${day.label} (${excerptAround(text, day.dayStart, day.label.length)})`);
      }
    }
    for (const mention of calendar) {
      checked.dates += 1;
      const supported = sourceCalendar.some((other) => other.kind === mention.kind && other.value === mention.value);
      if (!supported && once(`c:${mention.kind}-${mention.value}`)) {
        missing.dates.push(`${mention.label} (${excerptAround(text, mention.index, mention.label.length)})`);
      }
    }

    for (const quote of quotedPassages(text)) {
      checked.quotes += 1;
      const verbatim = quoteParts(quote.text).every((part) => sourceQuoteText.includes(part));
      if (verbatim) continue;
      if (!sameLanguage) {
        if (once(`uq:${quote.text}`)) unverifiedQuotes.push(quote.text);
      } else if (once(`q:${quote.text}`)) missing.quotes.push(quote.text);
    }

    for (const mention of nameMentions(text, commonWords)) {
      checked.names += 1;
      const known = (name: string, index: number): boolean =>
        sourceWords.includes(wordsOnly(name)) ||
        aliasGroups(text, index, aliases).some((group) =>
          (aliases.forms[group] ?? []).some((form) => sourceHasForm(form, source.text, sourceWords)),
        );
      if (known(mention.name, mention.index)) continue;
      if (mention.parts.length > 0 && mention.parts.every((part) => known(part.name, part.index))) continue;
      if (!sameLanguage) {
        if (once(`un:${wordsOnly(mention.name)}`)) unverifiedNames.push(mention.name);
      } else if (once(`n:${wordsOnly(mention.name)}`)) missing.names.push(mention.name);
    }
  }

  const findings: Finding[] = [];
  const list = (items: string[]): string =>
    items.slice(0, MAX_LISTED).join('; ') + (items.length > MAX_LISTED ? `; +${items.length - MAX_LISTED} more` : '');
  const listFr = (items: string[]): string => items.slice(0, MAX_LISTED).map((item) => `« ${item} »`).join(', ');
  if (missing.numbers.length > 0) {
    findings.push({
      id: 'invented_number',
      message: `Figures not found in the source: ${list(missing.numbers)}.`,
      instruction: `Ces chiffres ne figurent pas dans la source : ${listFr(missing.numbers)}. Supprime-les ou remplace-les par les chiffres exacts de la source ; n’invente aucun chiffre.`,
    });
  }
  if (missing.dates.length > 0) {
    findings.push({
      id: 'invented_date',
      message: `Dates not found in the source: ${list(missing.dates)}.`,
      instruction: `Ces dates ne figurent pas dans la source : ${listFr(missing.dates)}. Supprime-les ou reprends exactement celles de la source.`,
    });
  }
  if (missing.quotes.length > 0) {
    findings.push({
      id: 'invented_quote',
      message: `Quotations not found verbatim in the source: ${list(missing.quotes)}.`,
      instruction: `Ces citations ne figurent pas mot pour mot dans la source : ${listFr(missing.quotes)}. Entre guillemets, cite uniquement des passages exacts de la source ; sinon, reformule sans guillemets en attribuant les propos.`,
    });
  }
  if (missing.names.length > 0) {
    findings.push({
      id: 'invented_name',
      message: `Names not found in the source: ${list(missing.names)}.`,
      instruction: `Ces noms ne figurent pas dans la source : ${listFr(missing.names)}. Retire-les ou remplace-les par les noms de la source, sans ajouter de personne, de lieu ni d’organisation.`,
    });
  }

  return {
    passed: findings.length === 0,
    checked,
    missing,
    unverified_quotes: unverifiedQuotes,
    unverified_names: unverifiedNames,
    findings,
  };
}
