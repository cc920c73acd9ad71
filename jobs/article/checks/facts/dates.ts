import * as chrono from 'chrono-node';
import { NUMBER_WORDS } from './words.js';
import { stripDiacritics } from '../../text/words.js';
import { SPACE, type Range } from './text.js';

/**
 * Dates: month and weekday names of any language from `Intl.DateTimeFormat` (abbreviations are
 * their prefixes: `abr`, `Apr.`, `Mär.`, `ott.`), day-month pairs in either order with ranges and
 * lists (`du 3 au 5 juin`, `für den 10. und 11. März`), and, on the source side only, what
 * `chrono-node` reads: relative forms (`ayer`, `este lunes`) resolved against the dateline.
 */

export interface CalendarMention {
  kind: 'month' | 'weekday';
  /** Month 0–11; weekday 0–6 from Monday. */
  value: number;
  label: string;
  index: number;
}

export interface DayMonth {
  day: number;
  month: number;
  label: string;
  /** Span of the day figure, checked with the date rather than as a bare number. */
  dayStart: number;
  dayEnd: number;
  /** A weekday written with this date (`mardi 14 octobre`), weekday 0–6 from Monday. */
  weekday?: number;
}

interface CalendarNames {
  /** Stripped lowercase long month names, January first. */
  months: string[];
  /** Stripped lowercase long weekday names, Monday first. */
  weekdays: string[];
  /** Capitalised in running text (English, German): lowercase `may`, `march` are verbs. */
  capitalised: boolean;
}

const namesCache = new Map<string, CalendarNames>();

const fold = (word: string): string => stripDiacritics(word).toLowerCase();

function calendarNames(language: string): CalendarNames {
  const cached = namesCache.get(language);
  if (cached) return cached;
  const format = (options: Intl.DateTimeFormatOptions, date: Date): string =>
    new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).formatToParts(date).find((part) => part.type === (options.weekday ? 'weekday' : 'month'))?.value ?? '';
  // The month as written in a date (`14 de abril`), which some languages inflect (Slavic genitive).
  const months = Array.from({ length: 12 }, (_, month) => fold(format({ day: 'numeric', month: 'long' }, new Date(Date.UTC(2021, month, 15)))));
  // 2021-02-01 was a Monday.
  const weekdays = Array.from({ length: 7 }, (_, day) => fold(format({ weekday: 'long' }, new Date(Date.UTC(2021, 1, 1 + day)))));
  const names = { months, weekdays, capitalised: language === 'en' || language === 'de' };
  namesCache.set(language, names);
  return names;
}

/** The month a word names: its long name, or (`abbreviated`) a prefix of three letters or more that names one month only. */
function monthOf(word: string, language: string): { month: number; abbreviated: boolean } | undefined {
  const names = calendarNames(language);
  const folded = fold(word.replace(/\.$/, ''));
  const exact = names.months.indexOf(folded);
  if (exact >= 0) return { month: exact, abbreviated: false };
  if (folded.length < 3 || folded in (NUMBER_WORDS[language] ?? {})) return undefined;
  const candidates = names.months.flatMap((name, month) => (name.startsWith(folded) ? [month] : []));
  return candidates.length === 1 ? { month: candidates[0]!, abbreviated: true } : undefined;
}

const WORD = /\p{L}[\p{L}-]*\.?/gu;

/** Months and weekdays named in `text`. Abbreviated months count only next to a day (see dayMonthMentions). */
export function calendarMentions(text: string, languages: string[]): CalendarMention[] {
  const mentions: CalendarMention[] = [];
  for (const language of languages) {
    const names = calendarNames(language);
    for (const token of text.matchAll(WORD)) {
      // `mid-March`, `mi-mars`: the month after a hyphen; `quarta-feira` is one word.
      const full = token[0].replace(/\.$/, '');
      const cut = names.weekdays.includes(fold(full)) ? -1 : full.lastIndexOf('-');
      const word = full.slice(cut + 1);
      const index = token.index + cut + 1;
      const capital = /^\p{Lu}/u.test(word);
      if (names.capitalised && !capital) continue;
      // French `Mars` and `Mai` capitalised are the planet and a name, not months.
      if (language === 'fr' && /^(?:Mars|Mai)$/.test(word) && index > 0 && !/[.!?]\s*$/.test(text.slice(0, index))) continue;
      const month = names.months.indexOf(fold(word));
      if (month >= 0) mentions.push({ kind: 'month', value: month, label: word, index });
      const weekday = names.weekdays.indexOf(fold(word));
      if (weekday >= 0) mentions.push({ kind: 'weekday', value: weekday, label: word, index });
    }
  }
  return mentions;
}

const ORDINAL = '(?:er|re|e|ème|st|nd|rd|th|º|ª|°|\\.)?';
/** The first of a month is often spelled out: `il primo settembre`, `el primero de mayo`. */
const FIRST_DAY = 'primo|primero|primeiro|premier|first';
const DAY_BEFORE_MONTH = new RegExp(`(?<![\\p{N}.,\\p{L}])(\\d{1,2}|${FIRST_DAY})${ORDINAL}${SPACE}+(?:(?:de|of|del)${SPACE}+)?$`, 'iu');
const DAY_AFTER_MONTH = new RegExp(`^\\.?,?${SPACE}+(\\d{1,2})(?:st|nd|rd|th|\\.)?(?![0-9])`, 'u');
/** More days after a month-first date: `March 3-5`, `Oct. 3, 4 and 5`. */
const DAY_AFTER_LINK = new RegExp(`^(?:st|nd|rd|th)?${SPACE}*(?:-|–|to|and|through|until|&|,)${SPACE}*(\\d{1,2})(?:st|nd|rd|th)?(?![0-9])`, 'u');
/** One more day of a range or list, left of the one found: `14 au`, `3 bis`, `10. und`, `3,`. */
const DAY_LINK = new RegExp(
  `(?<![\\p{N}.,])(\\d{1,2})${ORDINAL}${SPACE}*(?:,|et|and|und|e|y|ou|or|oder|o|au|à|bis(?:${SPACE}+zum)?|to|till|until|through|al|a|ao|-|–|&)${SPACE}*(?:(?:le|the|am|den|el|il|o|zum)${SPACE}+)?$`,
  'u',
);

/**
 * A weekday and a day with no month: `venerdì 13 e…`, `terça-feira (4),`. The day must end a phrase
 * (punctuation or a linking word next), so `lundi 30 000 manifestants` is no date.
 */
const WEEKDAY_DAY = new RegExp(
  `(\\p{L}[\\p{L}-]*),?${SPACE}+\\(?(\\d{1,2})\\)?(?=${SPACE}*(?:[,.;:)!?]|$)|${SPACE}+(?:et|and|y|e|und|à|a|al|au|alle|às|um|at|de|da|del|dès|en|in|im|no|na|nel|ao|to|bis)(?![\\p{L}]))`,
  'giu',
);

/**
 * `19 octobre`, `1er décembre`, `December 2`, `2. Dezember`, `2 de diciembre`, `14 abr`, and every
 * day of a range or list before the month: `du mardi 14 au mercredi 15 octobre` → 14 and 15.
 */
export function dayMonthMentions(text: string, languages: string[]): DayMonth[] {
  const pairs: DayMonth[] = [];
  const weekdayBefore = (end: number): { weekday: number; start: number } | undefined => {
    const m = new RegExp(`(\\p{L}[\\p{L}-]*),?${SPACE}+$`, 'u').exec(text.slice(Math.max(0, end - 20), end));
    if (!m) return undefined;
    for (const language of languages) {
      const weekday = calendarNames(language).weekdays.indexOf(fold(m[1]!));
      if (weekday >= 0) return { weekday, start: end - m[0].length };
    }
    return undefined;
  };
  for (const language of languages) {
    const names = calendarNames(language);
    for (const match of text.matchAll(WORD)) {
      const found = monthOf(match[0], language);
      if (!found) continue;
      if (names.capitalised && !found.abbreviated && !/^\p{Lu}/u.test(match[0])) continue;
      const monthLabel = found.abbreviated ? match[0] : match[0].replace(/\.$/, '');
      const monthEnd = match.index + monthLabel.length;
      const before = DAY_BEFORE_MONTH.exec(text.slice(Math.max(0, match.index - 14), match.index));
      const after = before ? null : DAY_AFTER_MONTH.exec(text.slice(monthEnd));
      if (before?.[1]) {
        const dayStart = match.index - before[0].length;
        const first = { day: /^\d/.test(before[1]) ? Number(before[1]) : 1, month: found.month, label: `${before[0]}${monthLabel}`.trim(), dayStart, dayEnd: dayStart + before[1].length };
        const chain: DayMonth[] = [first];
        // Earlier days of the same range or list, each maybe with its weekday.
        let at = dayStart;
        for (;;) {
          const weekday = weekdayBefore(at);
          if (weekday) {
            chain[chain.length - 1]!.weekday = weekday.weekday;
            at = weekday.start;
          }
          const link = DAY_LINK.exec(text.slice(Math.max(0, at - 30), at));
          if (!link?.[1]) break;
          const start = at - link[0].length;
          chain.push({ day: Number(link[1]), month: found.month, label: `${link[1]} ${monthLabel}`, dayStart: start, dayEnd: start + link[1].length });
          at = start;
        }
        pairs.push(...chain);
      } else if (after?.[1]) {
        const dayStart = monthEnd + after[0].indexOf(after[1]);
        const weekday = weekdayBefore(match.index);
        pairs.push({
          day: Number(after[1]),
          month: found.month,
          label: `${monthLabel}${after[0]}`.trim(),
          dayStart,
          dayEnd: dayStart + after[1].length,
          ...(weekday ? { weekday: weekday.weekday } : {}),
        });
        let at = dayStart + after[1].length;
        for (let link = DAY_AFTER_LINK.exec(text.slice(at)); link?.[1]; link = DAY_AFTER_LINK.exec(text.slice(at))) {
          const start = at + link[0].lastIndexOf(link[1]);
          pairs.push({ day: Number(link[1]), month: found.month, label: `${monthLabel} ${link[1]}`, dayStart: start, dayEnd: start + link[1].length });
          at = start + link[1].length;
        }
      }
    }
  }
  // A weekday with a day and no month (`venerdì 13`, `terça-feira (4)`) takes the nearest month the text names.
  const months = [
    ...pairs.map((pair) => ({ month: pair.month, index: pair.dayStart })),
    ...calendarMentions(text, languages).filter((m) => m.kind === 'month').map((m) => ({ month: m.value, index: m.index })),
  ];
  for (const language of languages) {
    const { weekdays } = calendarNames(language);
    for (const match of text.matchAll(WEEKDAY_DAY)) {
      // Portuguese shortens `quarta-feira (5)` to `quarta (5)`.
      const folded = fold(match[1]!);
      const weekday = weekdays.findIndex((name) => name === folded || name.split('-')[0] === folded);
      const dayStart = match.index + match[0].lastIndexOf(match[2]!);
      if (weekday < 0 || pairs.some((pair) => pair.dayStart === dayStart)) continue;
      const nearest = [...months].sort((a, b) => Math.abs(a.index - dayStart) - Math.abs(b.index - dayStart))[0];
      if (!nearest) continue;
      pairs.push({ day: Number(match[2]), month: nearest.month, label: match[0], dayStart, dayEnd: dayStart + match[2]!.length, weekday });
    }
  }
  return pairs.filter((pair) => pair.day >= 1 && pair.day <= 31);
}

/** Day spans of the pairs: the figures a date already accounts for. */
export const daySpans = (pairs: readonly DayMonth[]): Range[] => pairs.map((pair) => [pair.dayStart, pair.dayEnd]);

/** Four-digit years a text states. */
export function yearsIn(text: string): number[] {
  return [...new Set([...text.matchAll(/(?<![0-9.,])(1[89]\d\d|20\d\d)(?![0-9])/g)].map((match) => Number(match[1])))];
}

/** Days between two dates a few days apart, across a year end too (`28 déc` → `3 janv` is 6). */
export function daysApart(a: { day: number; month: number }, b: { day: number; month: number }): number {
  const gap = Math.abs(Date.UTC(2001, a.month, a.day) - Date.UTC(2001, b.month, b.day)) / 86_400_000;
  return Math.min(gap, 365 - gap);
}

/** Weekday 0–6 from Monday of a calendar date. */
export const weekdayOf = (year: number, month: number, day: number): number => (new Date(Date.UTC(year, month, day)).getUTCDay() + 6) % 7;

const CHRONO: Record<string, chrono.Chrono> = {
  en: chrono.en.casual, fr: chrono.fr.casual, de: chrono.de.casual, es: chrono.es.casual, it: chrono.it.casual,
  pt: chrono.pt.casual, nl: chrono.nl.casual, ja: chrono.ja.casual, ru: chrono.ru.casual, sv: chrono.sv.casual,
  uk: chrono.uk.casual, zh: chrono.zh.casual,
};

/**
 * Numeric dates of a source: `14.10.2025`, `14/10/2025`, German `14.10.`; both orders in English,
 * where `10/14/2025` is American.
 */
function numericDates(text: string, language: string): Array<{ day: number; month: number }> {
  const dates: Array<{ day: number; month: number }> = [];
  const pattern = /(?<![\d.,/:])(\d{1,2})([./-])(\d{1,2})(?:\2((?:19|20)?\d\d)(?![\d])|\.(?![\d]))/g;
  for (const match of text.matchAll(pattern)) {
    if (match[4] === undefined && match[2] !== '.') continue;
    const [first, second] = [Number(match[1]), Number(match[3])];
    for (const [day, month] of language === 'en' ? [[first, second], [second, first]] : [[first, second]]) {
      if (day! >= 1 && day! <= 31 && month! >= 1 && month! <= 12) dates.push({ day: day!, month: month! - 1 });
    }
  }
  return dates;
}

export interface SourceDates {
  /** `day-month` keys of every date the source states or implies. */
  days: Set<string>;
  months: Set<number>;
  weekdays: Set<number>;
  years: number[];
  /** Hours chrono read (`a las 15.00`, `at 3 p.m.`). */
  hours: number[];
  pairs: DayMonth[];
  /** The story's dateline date (its first date, in its first lines) and the year written with it. */
  dateline?: { day: number; month: number; year?: number };
}

/**
 * Chrono reads this much of a source (a long story is 10 000 characters): its time grows faster
 * than the text, and a hostile source must not stall a worker. Beyond it, our own patterns read dates.
 */
const CHRONO_REACH = 20_000;

/** A dateline sits in the first lines of a story. */
const DATELINE_REACH = 200;

export const dayKey = (day: number, month: number): string => `${day}-${month}`;

/**
 * Everything the source supports about dates: its own day-month pairs and names, plus chrono's
 * reading. Chrono resolves relative forms against the dateline's date (the first date of the
 * text, in the year it states): `ayer` next to `14 abr` is the 13th. A relative weekday is
 * resolved only when the source states a year, since the weekday of a date depends on it.
 */
export function sourceDates(text: string, language: string, languages: string[]): SourceDates {
  const pairs = dayMonthMentions(text, languages);
  const calendar = calendarMentions(text, languages);
  const years = yearsIn(text);
  const numeric = numericDates(text, language);
  const days = new Set([...pairs, ...numeric].map((date) => dayKey(date.day, date.month)));
  const months = new Set([...pairs.map((pair) => pair.month), ...numeric.map((date) => date.month), ...calendar.filter((m) => m.kind === 'month').map((m) => m.value)]);
  const weekdays = new Set([...calendar.filter((m) => m.kind === 'weekday').map((m) => m.value), ...pairs.flatMap((p) => (p.weekday === undefined ? [] : [p.weekday]))]);
  const hours: number[] = [];
  const dateline = [...pairs].sort((a, b) => a.dayStart - b.dayStart).find((pair) => pair.dayStart < DATELINE_REACH);
  // Only a year written with the dateline dates it: a story's other years may be past or future ones.
  const stated = dateline ? /^[^\n()—–]{0,16}?(?<![0-9])((?:19|20)\d\d)(?![0-9])/u.exec(text.slice(dateline.dayEnd)) : null;
  const year = stated ? Number(stated[1]) : undefined;
  const parser = CHRONO[language];
  if (parser) {
    const reference = new Date(Date.UTC(year ?? 2001, dateline?.month ?? 0, dateline?.day ?? 1, 12));
    for (const result of parser.parse(text.slice(0, CHRONO_REACH), { instant: reference, timezone: 0 })) {
      // Relative forms (`ayer`, `este lunes`) without a digit: news means the days around the dateline.
      const relative = !/[0-9]/.test(result.text);
      for (const component of [result.start, result.end]) {
        if (!component) continue;
        if (component.isCertain('hour')) hours.push(component.get('hour') ?? -1);
        const date = component.date();
        if (relative) {
          const near = dateline !== undefined && Math.abs(date.getTime() - reference.getTime()) <= 7 * 86_400_000;
          if (!near || (component.get('weekday') !== null && year === undefined)) continue;
        } else if (!component.isCertain('day') || !component.isCertain('month')) continue;
        days.add(dayKey(date.getUTCDate(), date.getUTCMonth()));
        months.add(date.getUTCMonth());
        if (relative ? year !== undefined : component.isCertain('year')) weekdays.add((date.getUTCDay() + 6) % 7);
      }
    }
  }
  return {
    days,
    months,
    weekdays,
    years,
    hours,
    pairs,
    ...(dateline ? { dateline: { day: dateline.day, month: dateline.month, ...(year === undefined ? {} : { year }) } } : {}),
  };
}

/** Lowercase month and weekday names of a language, as written (`décembre`, `lundi`): words that may open a sentence capitalised. */
export function calendarWords(language: string): string[] {
  const words: string[] = [];
  for (let month = 0; month < 12; month += 1) {
    words.push(new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2021, month, 15))).toLowerCase());
  }
  for (let day = 0; day < 7; day += 1) {
    words.push(new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2021, 1, 1 + day))).toLowerCase());
  }
  return words;
}
