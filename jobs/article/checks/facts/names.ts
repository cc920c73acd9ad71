import countries from 'i18n-iso-countries';
import { wordsOnly } from './text.js';

/** Names: capitalised runs of the answer, matched in the source directly or through equivalent forms across languages. */

/** Lowercase particles that may sit inside a name: `Corée du Nord`, `Asie de l’Est`, `Ludwig van Beethoven`. */
const CONNECTORS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'd', 'l', 'von', 'van', 'der', 'den', 'al', 'el', 'bin', 'ben', 'da', 'do', 'dos', 'di']);
/** French titles written before a name, capitalised. */
const TITLES = new Set(['M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Dr', 'Dre', 'Pr', 'Pre', 'Me', 'Mgr', 'Sr', 'Sœur', 'Père', 'Frère']);
const ROMAN_ORDINAL = /^[IVXLC]+(?:e|er|re|ème)?$/;

export interface NameMention {
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
    // French elisions: `l’ONU` keeps `ONU`; `C’est`, `qu’Israël` are a word and an elided pronoun or conjunction.
    const elided = /^([dlcjmnst]|qu|jusqu|lorsqu|puisqu)[’'](?=\p{L})/iu.exec(match[0]);
    tokens.push({
      word: elided ? match[0].slice(elided[0].length) : match[0].replace(/[’'-]+$/, ''),
      index: elided ? match.index + elided[0].length : match.index,
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
export function nameMentions(text: string, commonWords: ReadonlySet<string>): NameMention[] {
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
      if (!next?.joined || !isCapitalised(next.word) || !['', 'd', 'l'].includes(next.elision)) break;
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
    // A title is no part of the name: `Dre Priya Raman`, `Me Dupond`.
    for (const part of parts) while (part.length > 1 && TITLES.has(part[0]!.word)) part.shift();
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

export interface AliasIndex {
  /** wordsOnly form → groups it belongs to. */
  groups: Map<string, number[]>;
  forms: string[][];
  /** Longest form, in characters, to bound the look-ahead from a name's start. */
  longest: number;
}

const aliasIndexes = new Map<string, AliasIndex>();

export function aliasIndex(sourceLanguage: string): AliasIndex {
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
export function aliasGroups(text: string, start: number, index: AliasIndex): number[] {
  const ahead = text.slice(start, start + index.longest + 1);
  const words = wordsOnly(ahead).trim().split(' ');
  for (let n = words.length; n >= 1; n -= 1) {
    const groups = index.groups.get(` ${words.slice(0, n).join(' ')} `);
    if (groups) return groups;
  }
  return [];
}

/** Short capitalised acronyms (`US`, `UN`, `UE`) must match case-sensitively: `us`, `un` are common words. */
export function sourceHasForm(form: string, source: string, sourceWords: string): boolean {
  if (/^[A-Z.]{2,4}$/.test(form)) {
    return new RegExp(`(?<![\\p{L}])${form.replace(/\./g, '\\.')}(?![\\p{L}])`, 'u').test(source);
  }
  return sourceWords.includes(wordsOnly(form));
}

/** Letters two cognates share at their start: `nationale`/`National`, `Ministres`/`Ministros`. */
const STEM = 4;

/**
 * The start of a folded word with the spellings transliterations swap made equal, so `Wladimir
 * Putin` attests `Vladimir Poutine` and `Selenskyj` attests `Zelensky`.
 */
const looseStem = (word: string): string =>
  word
    .replace(/ou/g, 'u')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/w/g, 'v')
    .replace(/[yj]/g, 'i')
    .replace(/[kq]/g, 'c')
    .replace(/z/g, 's')
    .replace(/(.)\1/g, '$1')
    .slice(0, STEM);

/** The loose stems of a source's words (its `wordsOnly` form). */
export const sourceStems = (sourceWords: string): Set<string> => new Set(sourceWords.trim().split(' ').map(looseStem));

/**
 * A translated name (`Garde nationale` for `National Guard`) shares a word's first letters with the
 * source. A name of two or more plain capitalised words (`Bertrand Quévillon`) none of which the
 * source shows even so is a person or a body the source never mentions, in any language.
 */
export function unattestedName(mention: NameMention, sourceWords: string, stems: ReadonlySet<string>): boolean {
  const words = mention.name.split(/[ \u00A0]+/u);
  return (
    mention.parts.length === 0 &&
    words.length >= 2 &&
    words.every((word) => /^\p{Lu}\p{Ll}/u.test(word)) &&
    !words.some((word) => {
      const folded = wordsOnly(word).trim();
      return sourceWords.includes(` ${folded} `) || stems.has(looseStem(folded));
    })
  );
}
