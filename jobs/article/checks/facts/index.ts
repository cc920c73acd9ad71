import type { Article } from '../../contract.js';
import { articleFields } from '../../text/article-fields.js';
import { baseLanguage } from '../../text/language.js';
import { frenchFunctionWords, quotedPassages } from '../../text/words.js';
import type { Finding, SourceText } from '../finding.js';
import { calendarMentions, calendarWords, dayKey, dayMonthMentions, daysApart, daySpans, sourceDates, weekdayOf } from './dates.js';
import { aliasGroups, aliasIndex, nameMentions, sourceHasForm, sourceStems, unattestedName } from './names.js';
import {
  afternoonHours,
  clockValues,
  documentSeparators,
  frenchTimes,
  isSmallCount,
  numberMentions,
  romanOrdinals,
  romanValues,
  sameValue,
  separatorsOf,
} from './numbers.js';
import { quoteComparable, quoteParts } from './quotes.js';
import { compact, excerptAround, inRanges, wordsOnly, type Range } from './text.js';
import { NUMBER_WORDS } from './words.js';

/**
 * Facts check: every number, date, quotation and proper name of the answer must come from the
 * source. Answers are French; sources may be in another language, so numbers, months and weekdays
 * are compared as values, and names through their French forms where a table knows them.
 */

export interface FactsInput {
  answer: Article;
  source: SourceText;
}

export interface FactsReport {
  passed: boolean;
  checked: { numbers: number; dates: number; quotes: number; names: number };
  /** Figures, dates, quotations and names of the answer that the source does not support. */
  missing: { numbers: string[]; dates: string[]; quotes: string[]; names: string[] };
  /** Small counts (zero to ten, nothing measured) the source does not write: `deux piliers` for two named funders. For the editor. */
  unverified_counts: string[];
  /** Dates the answer gives a relative weekday of the source (`el pasado lunes` → `lundi 7 avril`). For the editor. */
  unverified_dates: string[];
  /** Quotations translated from a source in another language: not comparable verbatim, for the editor. */
  unverified_quotes: string[];
  /** Names a source in another language does not show as written but may translate, for the editor. */
  unverified_names: string[];
  findings: Finding[];
}

/** Words that may open a French sentence capitalised without being a name. */
const FRENCH_COMMON: readonly string[] = [...frenchFunctionWords, ...calendarWords('fr')];

const MAX_LISTED = 8;

/** Languages written with both conventions (`48,000` in Mexico, `48.000` in Spain): only a text's own figures tell. */
const MIXED_SEPARATORS = new Set(['es']);

/** How far from the dateline a relative weekday (`el pasado lunes`, `next Friday`) reaches. */
const WEEK = 7;

/** Identifiers glued to letters (`B1`, `F-16`, `COVID-19`); a superscript (`m³`) is a unit, not a digit. */
const IDENTIFIER = /(?<![\p{L}\p{N}])\p{L}[\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*/gu;
/** Square and cubic units typed without superscripts (`m3`, `km2`): units, not identifiers. */
const UNIT_WITH_DIGIT = /^(?:[kcmµ]?m|ft|in)[23]$/u;

const supportsLanguage = (language: string): boolean => {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0;
  } catch {
    return false;
  }
};

/** Checks the answer's numbers, dates, quotations and names against the source. */
export function checkFacts({ answer, source }: FactsInput): FactsReport {
  const sourceLanguage = baseLanguage(source.language);
  const sameLanguage = sourceLanguage === 'fr';
  const sourceLanguages = sourceLanguage in NUMBER_WORDS ? [sourceLanguage] : Object.keys(NUMBER_WORDS);
  const calendarLanguages = supportsLanguage(sourceLanguage) ? [sourceLanguage] : Object.keys(NUMBER_WORDS);
  const fields = articleFields(answer, { includeSlug: false }).filter(({ field }) => field !== 'focus_keyword');

  // Source side: everything it supports.
  const dates = sourceDates(source.text, sourceLanguage, calendarLanguages);
  const separators = documentSeparators(source.text) ?? (MIXED_SEPARATORS.has(sourceLanguage) ? undefined : separatorsOf(sourceLanguage));
  const sourceNumbers = numberMentions(source.text, sourceLanguages, [], separators);
  const sourceValues = [...afternoonHours(source.text), ...clockValues(source.text), ...romanValues(source.text)];
  const sourceHasValue = (value: number, percent = false): boolean =>
    sourceNumbers.some((candidate) => (!percent || candidate.percent) && candidate.values.some((other) => sameValue(value, other))) ||
    (!percent && sourceValues.some((other) => sameValue(value, other)));
  const sourceCompact = compact(source.text);
  const sourceWords = wordsOnly(source.text);
  const sourceQuoteText = quoteComparable(source.text);
  const sourceQuotes = /[«»“”„"‹›]/u.test(source.text);
  const aliases = aliasIndex(sourceLanguage);
  const stems = sourceStems(sourceWords);
  // A capitalised sentence opener is a common word when it also appears in lowercase somewhere.
  const commonWords = new Set<string>(FRENCH_COMMON);
  for (const text of [source.text, ...fields.map(({ text }) => text)]) {
    for (const [word] of text.matchAll(/(?<![\p{L}])\p{Ll}[\p{L}’'-]*/gu)) commonWords.add(word);
  }

  const missing: FactsReport['missing'] = { numbers: [], dates: [], quotes: [], names: [] };
  const unverifiedCounts: string[] = [];
  const unverifiedDates: string[] = [];
  const unverifiedQuotes: string[] = [];
  const unverifiedNames: string[] = [];
  const checked = { numbers: 0, dates: 0, quotes: 0, names: 0 };
  const seen = new Set<string>();
  const once = (key: string): boolean => !seen.has(key) && Boolean(seen.add(key));

  for (const { text } of fields) {
    const calendar = calendarMentions(text, ['fr']);
    const days = dayMonthMentions(text, ['fr']);
    const times = frenchTimes(text);
    const ordinals = romanOrdinals(text);
    const excluded: Range[] = [
      ...daySpans(days),
      ...times.map((time): Range => [time.index, time.index + time.length]),
      ...ordinals.map((ordinal): Range => [ordinal.index, ordinal.index + ordinal.length]),
    ];

    for (const match of text.matchAll(IDENTIFIER)) {
      if (!/[0-9]/.test(match[0]) || UNIT_WITH_DIGIT.test(match[0]) || inRanges(excluded, match.index)) continue;
      excluded.push([match.index, match.index + match[0].length]);
      checked.numbers += 1;
      if (!sourceCompact.includes(compact(match[0])) && once(`id:${compact(match[0])}`)) {
        missing.numbers.push(`${match[0]} (${excerptAround(text, match.index, match[0].length)})`);
      }
    }

    for (const time of times) {
      checked.numbers += 1;
      // Chrono's hours (`a las tres de la tarde`) support clock times only, not any figure.
      const hour = sourceHasValue(time.hour) || dates.hours.includes(time.hour);
      const supported = hour && (time.minute === undefined || time.minute === 0 || sourceHasValue(time.minute));
      if (!supported && once(`t:${time.label}`)) missing.numbers.push(`${time.label} (${excerptAround(text, time.index, time.length)})`);
    }

    for (const mention of [...numberMentions(text, ['fr'], excluded, separatorsOf('fr')), ...ordinals]) {
      checked.numbers += 1;
      if (mention.values.some((value) => sourceHasValue(value, mention.percent))) continue;
      if (!once(`n:${mention.label}`)) continue;
      const listed = `${mention.label} (${excerptAround(text, mention.index, mention.length)})`;
      if (isSmallCount(mention)) unverifiedCounts.push(listed);
      else missing.numbers.push(listed);
    }

    for (const day of days) {
      checked.dates += 1;
      if (dates.days.has(dayKey(day.day, day.month)) || !once(`d:${day.day}-${day.month}`)) continue;
      const listed = `${day.label} (${excerptAround(text, day.dayStart, day.label.length)})`;
      // `el pasado lunes` next to `14 abr`: the answer's `lundi 7 avril` may be right (chrono does not
      // read every relative form), so it is listed when it is that weekday within a week of the dateline,
      // in the dateline's year when one is written.
      const { dateline } = dates;
      const relative =
        day.weekday !== undefined &&
        dates.weekdays.has(day.weekday) &&
        dateline !== undefined &&
        daysApart(day, dateline) <= WEEK &&
        (dateline.year === undefined || weekdayOf(dateline.year, day.month, day.day) === day.weekday);
      if (relative) unverifiedDates.push(listed);
      else missing.dates.push(listed);
    }
    for (const mention of calendar) {
      checked.dates += 1;
      let supported = mention.kind === 'month' ? dates.months.has(mention.value) : dates.weekdays.has(mention.value);
      if (!supported && mention.kind === 'weekday') {
        // A weekday written with a date the source states (`lundi 14 avril` for `14 abr` + `este lunes`)
        // is that date's weekday: right when the source gives no year, checked against the years it gives.
        const date = days.find((day) => day.weekday === mention.value && day.dayStart > mention.index && day.dayStart - mention.index < 30);
        supported =
          date !== undefined &&
          dates.days.has(dayKey(date.day, date.month)) &&
          (dates.years.length === 0 || dates.years.some((year) => weekdayOf(year, date.month, date.day) === mention.value));
      }
      if (!supported && once(`c:${mention.kind}-${mention.value}`)) {
        missing.dates.push(`${mention.label} (${excerptAround(text, mention.index, mention.label.length)})`);
      }
    }

    for (const quote of quotedPassages(text)) {
      checked.quotes += 1;
      const verbatim = quoteParts(quote.text).every((part) => sourceQuoteText.includes(part));
      if (verbatim) continue;
      // A translation cannot be compared verbatim, but it needs words the source puts in quotation marks.
      if (!sameLanguage && sourceQuotes) {
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
      // A name whose every word the source writes, maybe in lowercase, is the source's:
      // `la Portugaise Inês Valadão` for `la surfeuse portugaise Inês Valadão`.
      if (mention.name.split(/[ \u00A0]+/u).every((word) => sourceWords.includes(wordsOnly(word)))) continue;
      if (mention.parts.length > 0 && mention.parts.every((part) => known(part.name, part.index))) continue;
      if (!sameLanguage && !unattestedName(mention, sourceWords, stems)) {
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
    unverified_counts: unverifiedCounts,
    unverified_dates: unverifiedDates,
    unverified_quotes: unverifiedQuotes,
    unverified_names: unverifiedNames,
    findings,
  };
}
