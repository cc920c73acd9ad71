import { countWords } from '../text/words.js';

/**
 * Repairs the defects that scrapers and copy-paste leave in a news text, one pure function per
 * defect. Every rule is deliberately conservative: when a pattern could also be legitimate text
 * (abbreviations, initials, URLs, decimals, brand names) the rule leaves it alone, because a
 * leftover defect costs less than a lost fact. Paragraphs are separated by one blank line.
 */

export interface Removal {
  /** Which rule removed the text, e.g. `photo-caption`. */
  rule: string;
  text: string;
}

export interface RuleResult {
  text: string;
  removed: Removal[];
}

export interface CleanedText {
  text: string;
  paragraphs: string[];
  removed: Removal[];
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

const PARAGRAPH_BREAK = /\n{2,}/;

/** Words that end with a dot without ending the sentence (`M. Dupont`, `Dr. Who`, `Inc.`). */
const ABBREVIATIONS = new Set([
  'M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Mlles', 'Dr', 'Pr', 'Mgr', 'Mr', 'Mrs', 'Ms', 'Prof', 'St', 'Ste',
  'Sr', 'Jr', 'Gen', 'Gov', 'Sen', 'Lt', 'Capt', 'Sgt', 'Inc', 'Ltd', 'Corp', 'av', 'bd', 'cf', 'vs',
  'approx', 'nº', 'No', 'Jan', 'Feb', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec',
]);

/**
 * True when the dot at `dotIndex` belongs to an abbreviation or an initial rather than ending a
 * sentence: `M.`, `J.R.R.`, `U.S.`, `e.g.`, `Mme.`.
 */
function isAbbreviationDot(text: string, dotIndex: number): boolean {
  const word = /[\p{L}.]*$/u.exec(text.slice(0, dotIndex))?.[0] ?? '';
  if (word === '') return false;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: `M. Dupont`, `J. Smith`
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true; // `J.R.R`, `U.S`, `e.g`
  return ABBREVIATIONS.has(word);
}

interface Span {
  start: number;
  /** Exclusive; the span includes its final punctuation and closing quotes. */
  end: number;
}

/**
 * Splits a paragraph into sentence spans at `.`, `!`, `?`, `…` followed by whitespace, whatever
 * follows (a lowercase continuation such as `Ewha. à Séoul` is split too, so rules can see it).
 */
function sentenceSpans(paragraph: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of paragraph.matchAll(/[.!?…]+["”’»)]*(?=\s|$)/gu)) {
    const punct = m[0];
    if (punct.startsWith('.') && !punct.startsWith('..') && isAbbreviationDot(paragraph, m.index)) continue;
    const end = m.index + punct.length;
    if (paragraph.slice(start, end).trim() !== '') spans.push({ start, end });
    start = end;
    while (start < paragraph.length && /\s/.test(paragraph[start] ?? '')) start++;
  }
  if (paragraph.slice(start).trim() !== '') spans.push({ start, end: paragraph.length });
  return spans;
}

/** Removes `[start, end)` ranges (merged when they overlap) and returns the removed texts. */
function cutRanges(paragraph: string, ranges: Array<[number, number]>): { text: string; cut: string[] } {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  const kept: string[] = [];
  let at = 0;
  const cut: string[] = [];
  for (const [start, end] of merged) {
    kept.push(paragraph.slice(at, start));
    cut.push(paragraph.slice(start, end).trim());
    at = end;
  }
  kept.push(paragraph.slice(at));
  // The cut may have taken the spaces on both sides: keep one between what remains.
  return { text: kept.join(' ').replace(/ {2,}/g, ' ').trim(), cut };
}

/** Applies `repair` to every paragraph, dropping paragraphs it empties and collecting removals. */
function perParagraph(
  text: string,
  rule: string,
  repair: (paragraph: string) => { text: string; cut: string[] },
): RuleResult {
  const removed: Removal[] = [];
  const kept: string[] = [];
  for (const paragraph of text.split(PARAGRAPH_BREAK)) {
    const result = repair(paragraph);
    removed.push(...result.cut.filter((t) => t !== '').map((t) => ({ rule, text: t })));
    if (result.text.trim() !== '') kept.push(result.text.trim());
  }
  return { text: kept.join('\n\n'), removed };
}

/** The token (run of non-space characters) around `index`. */
function tokenAround(text: string, index: number): string {
  const before = /\S*$/.exec(text.slice(0, index))?.[0] ?? '';
  const after = /^\S*/.exec(text.slice(index))?.[0] ?? '';
  return before + after;
}

/** URLs, e-mail addresses and bare domains, where dots and capitals are not sentence structure. */
function isUrlLike(token: string): boolean {
  return /:\/\/|@|^(?:www\.)|\/\S/i.test(token);
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/**
 * Normalises spacing: non-breaking and zero-width spaces, runs of spaces, spaces before `,`/`.`.
 * A single line break is kept as a paragraph break, except where a line was hard-wrapped (no end
 * punctuation and the next line starts in lowercase), which is joined back.
 */
export function normaliseWhitespace(text: string): string {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\t\u00A0\u2007\u202F]/g, ' ')
    .split(PARAGRAPH_BREAK);
  const paragraphs: string[] = [];
  for (const block of blocks) {
    let current = '';
    for (const rawLine of block.split('\n')) {
      const line = rawLine.replace(/ {2,}/g, ' ').trim();
      if (line === '') continue;
      const hardWrapped = current !== '' && !/[.!?…:»"”)]$/.test(current) && /^\p{Ll}/u.test(line);
      if (hardWrapped) current += ` ${line}`;
      else {
        if (current !== '') paragraphs.push(current);
        current = line;
      }
    }
    if (current !== '') paragraphs.push(current);
  }
  // `Nord .` → `Nord.`, but an ellipsis (` ...`) keeps its space.
  return paragraphs.map((p) => p.replace(/ +([,.])(?=\s|$)/g, '$1')).join('\n\n');
}

/**
 * True for the opening of a "read also" box: the marker in capitals (`LIRE AUSSI Métro E…`), or in
 * any case when it stands alone or before `:` (`Related: …`), so `Related costs rose` is text.
 */
export function startsWithReadAlso(text: string): boolean {
  return (
    /^(?:[ÀA] )?(?:LIRE|VOIR) AUSSI\b/u.test(text) ||
    /^(?:[ÀA] lire aussi|[ÀA] voir aussi|lire aussi|voir aussi|sur le même sujet|related|read more|read also|see also|also read|mehr zum thema|lesen sie auch|auch interessant|weitere artikel|leggi anche|leggi pure|potrebbe interessarti|lea también|lee también|vea también|te puede interesar|leia também|veja também|saiba mais)\s*(?:[:>»|–—-]|$)/iu.test(text)
  );
}

const REPORTING_CREDIT = /\s*\((?:Additional )?(?:Reporting|Writing|Editing|Compiled)\s+by\b[^()]*\)\s*$/iu;
const SOURCE_LINK = /\s*\bSource link\b(?:\s*[-–]?\s*\d+)?\s*$/iu;

function isHeadlineLike(paragraph: string): boolean {
  return countWords(paragraph) <= 15 && !/[.!?…:]$/.test(paragraph);
}

/**
 * Removes what scrapers append or interleave that is not the story: `Source link` trailers,
 * "Related:" / "LIRE AUSSI" boxes (with the headline lines that follow a bare marker) and wire
 * reporting credits `(Reporting by …; editing by …)`.
 */
export function removeTrailers(text: string): RuleResult {
  const removed: Removal[] = [];
  const kept: string[] = [];
  const paragraphs = text.split(PARAGRAPH_BREAK);
  for (let i = 0; i < paragraphs.length; i++) {
    let paragraph = paragraphs[i] ?? '';
    if (startsWithReadAlso(paragraph) && countWords(paragraph) <= 30) {
      removed.push({ rule: 'trailer', text: paragraph });
      // A bare marker is followed by the linked headlines, one per line.
      if (countWords(paragraph) <= 3) {
        while (i + 1 < paragraphs.length && isHeadlineLike(paragraphs[i + 1] ?? '')) {
          removed.push({ rule: 'trailer', text: paragraphs[++i] ?? '' });
        }
      }
      continue;
    }
    for (const trailer of [SOURCE_LINK, REPORTING_CREDIT]) {
      const m = trailer.exec(paragraph);
      if (m) {
        removed.push({ rule: 'trailer', text: m[0].trim() });
        paragraph = paragraph.slice(0, m.index);
      }
    }
    if (paragraph.trim() !== '') kept.push(paragraph.trim());
  }
  return { text: kept.join('\n\n'), removed };
}

/** The place (and date) of a dateline: `PARIS`, `SÃO PAULO`, `POMPEI (NAPOLI), 18 feb`, `Lisboa, 14 abr 2025`. */
const DATELINE_PLACE = "\\p{Lu}[\\p{L}'’.-]*(?: \\p{Lu}[\\p{L}'’.-]*){0,3}(?: \\(\\p{Lu}[\\p{Lu} -]{1,20}\\))?(?:, [^()\\n—–]{1,40}?)?";
/** An agency tag: `(Reuters)`, `(EFE)`, `(Agência Brasil)`, and the lowercase German ones `(dpa)`, `(dpa/lby)`. */
const DATELINE_AGENCY = '\\(\\p{Lu}[^()\\n]{0,30}\\)|\\(\\p{Ll}[\\p{L}/-]{1,11}\\)';
const DATELINE = new RegExp(`^(${DATELINE_PLACE}) ?(${DATELINE_AGENCY})\\.? ?[—–-]{1,2} `, 'u');
const DATELINE_ALONE = new RegExp(`^(${DATELINE_PLACE} ?(?:${DATELINE_AGENCY})\\.? ?[—–-]{1,2})\\n\\n(?=\\p{Lu})`, 'u');
/** The agency first: `(ANSA) - ROMA, 14 APR - Il governo…`. */
const DATELINE_AGENCY_FIRST = new RegExp(`^(${DATELINE_AGENCY}) ?[—–-]{1,2} ?(${DATELINE_PLACE}) ?[—–-]{1,2} `, 'u');
/** The agency after the dash: `CHUR - (Keystone-SDA) Wegen…`. */
const DATELINE_AGENCY_AFTER = new RegExp(`^(${DATELINE_PLACE}) ?[—–-]{1,2} ?(${DATELINE_AGENCY}) `, 'u');

/**
 * Turns a wire dateline `PARIS (Wire) —`, `Madrid, 14 abr (EFE).-`, `BERLIN (dpa) -`,
 * `CHUR - (Keystone-SDA)` or `(ANSA) - ROMA, 14 APR -` into plain `PARIS —`, `Madrid, 14 abr —`: the place and the date are
 * facts the article may use (the facts check reads the date, and relative days such as `este
 * lunes` against it), the agency tag in parentheses is not.
 */
export function normaliseDateline(text: string): RuleResult {
  // A dateline alone on the first line (`SEVILLA, 2 Jun. (EUROPA PRESS) -`) opens the paragraph after it.
  const joined = text.replace(DATELINE_ALONE, '$1 ');
  return perParagraph(joined, 'dateline', (paragraph) => {
    const first = DATELINE_AGENCY_FIRST.exec(paragraph);
    if (first) return { text: `${first[2]} — ${paragraph.slice(first[0].length)}`, cut: [first[1] ?? ''] };
    const m = DATELINE.exec(paragraph) ?? DATELINE_AGENCY_AFTER.exec(paragraph);
    if (!m) return { text: paragraph, cut: [] };
    return { text: `${m[1]} — ${paragraph.slice(m[0].length)}`, cut: [m[2] ?? ''] };
  });
}

/**
 * Inserts the missing space where two sentences were glued: `Pyongyang.Le`, `convenance ».KCNA`,
 * `l’ONU.L’agence`, `(PA)Au`. Only after a lowercase letter, a digit or closing punctuation (or an
 * acronym, when a lowercase word follows: not `ASP.NET`), and only before an uppercase letter that
 * starts a word; abbreviations (`Mme.`), initials (`J.R.R.`, `U.S.`), URLs, e-mail addresses and
 * domains are left as they are.
 */
export function splitGluedSentences(text: string): string {
  const split = (punct: string, offset: number, whole: string): string => {
    if (isUrlLike(tokenAround(whole, offset))) return punct;
    if (punct === '.' && isAbbreviationDot(whole, offset)) return punct;
    return `${punct} `;
  };
  const afterPunctuation = text
    .replace(/(?<=[\p{Ll}\p{N}»"”’)\]])[.!?]+(?=\p{Lu}(?:[\p{L}’']|\s))/gu, split)
    .replace(/(?<=\p{Lu}{2})[.!?]+(?=\p{Lu}[\p{Ll}’'])/gu, split);
  // A parenthesis glued to the next sentence: `(PA)Au cours`.
  return afterPunctuation.replace(/\)(?=\p{Lu}\p{Ll})/gu, (paren: string, offset: number, whole: string) =>
    isUrlLike(tokenAround(whole, offset)) ? paren : ') ',
  );
}

const AGENCY =
  '(?:PA|AP|AFP|EPA|UPI|DPA|dpa|ANP|ANSA|EFE|Lusa|LUSA|SDA|Keystone-SDA|APA|Europa Press|EUROPA PRESS|Agência Brasil|Reuters|Getty(?:\\s+Images)?|Shutterstock|iStock|Xinhua|Yonhap|KCNA|Sipa|Maxppp|Belga|Keystone|Abaca|Bloomberg|Wire)';
const AGENCY_ONLY = new RegExp(`^${AGENCY}$`, 'u');
const VIA_AGENCY = new RegExp(`\\bvia\\s+${AGENCY}$`, 'u');

/** True for the inside of a photo credit: `PA`, `Photo Le Journal`, `… via AP`, `ESA/Wire`, `© X`. */
function isCredit(inner: string): boolean {
  const t = inner.trim();
  return (
    AGENCY_ONLY.test(t) ||
    VIA_AGENCY.test(t) ||
    /^(?:photos?|fotos?|bild|crédits?|credits?|image|illustration|©)(?:\s|:|$)/iu.test(t) ||
    /^\p{Lu}[\p{L}.' -]*\/\s?\p{Lu}[\p{L}.' -]*$/u.test(t)
  );
}

/** Parenthesised groups right after a sentence end: the place of a photo credit. */
const CREDIT_RUN = /(?<=[.!?…]["»”’]?)[ \t]*((?:\([^()\n]{1,200}\)[ \t]*)+)/gu;

function creditRuns(paragraph: string): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  for (const m of paragraph.matchAll(CREDIT_RUN)) {
    const groups = [...(m[1] ?? '').matchAll(/\(([^()]*)\)/g)].map((g) => g[1] ?? '');
    if (groups.every(isCredit)) runs.push({ start: m.index, end: m.index + m[0].length });
  }
  return runs;
}

const CAPTION_MARKER =
  /^(?:Sur (?:cette|la|notre|ces) (?:photos?|images?)|(?:Photos?|Fotos?|Bild|Imagen|Immagine|Fotograf[ií]a)\s*(?::|\s[—–-]\s)|Fotos? (?:di|de|da|do|von) |Nella foto|In foto|En la (?:foto|imagen)|Na foto|Auf dem Bild|Crédits? photo|Légende\s*:|Image\s*:|Caption\s*:|In (?:this|these) (?:photos?|images?|handout)|This (?:photo|image)|Pictured\b)/iu;

/** A caption paragraph is short; a longer one opening with `Photo :` is read sentence by sentence. */
const CAPTION_MAX_WORDS = 50;

/**
 * Removes photo captions pasted into the text: a sentence opening with a caption marker
 * (`Sur cette photo…`, `Photo:`) and a sentence followed by a photo credit (`… à Pyongyang. (PA)`).
 * A credit at the very end of a long paragraph is read as a signature, not a caption: only the
 * credit goes (see {@link removePhotoCredits}). A caption split by a stray dot
 * (`… Corée du Nord. , le jeudi 19 octobre 2023. (PA)`) is removed whole.
 */
export function removePhotoCaptions(text: string): RuleResult {
  return perParagraph(text, 'photo-caption', (paragraph) => {
    // A short paragraph opened by a marker or a credit (`Foto: … EFE/Javier Morán`, `(AP Photo/X) A firefighter…`) is a caption whole.
    // A lone agency tag (`(EFE)`) is a signature, left to removePhotoCredits.
    const opening = /^\(([^()\n]{1,200})\)\.?/u.exec(paragraph);
    const credited =
      opening !== null && isCredit(opening[1] ?? '') && (paragraph.length > opening[0].length || /^(?:photos?|fotos?|bild)\b/iu.test(opening[1] ?? ''));
    if (countWords(paragraph) <= CAPTION_MAX_WORDS && (CAPTION_MARKER.test(paragraph) || credited)) {
      return { text: '', cut: [paragraph] };
    }
    const spans = sentenceSpans(paragraph);
    const ranges: Array<[number, number]> = [];
    const runs = creditRuns(paragraph);
    const runAt = (index: number) => runs.find((r) => r.start === index);

    for (const run of runs) {
      let i = spans.findIndex((s) => s.start < run.start && run.start <= s.end);
      if (i < 0) continue;
      // A caption cut by a stray dot continues in lowercase or with punctuation: take it whole.
      while (i > 0 && !/^[\p{Lu}\p{N}«"“]/u.test(paragraph.slice(spans[i]?.start ?? 0))) i--;
      const start = spans[i]?.start ?? 0;
      const midParagraph = paragraph.slice(run.end).trim() !== '';
      if (midParagraph || start === 0) ranges.push([start, run.end]);
    }
    for (const span of spans) {
      if (!CAPTION_MARKER.test(paragraph.slice(span.start, span.end))) continue;
      ranges.push([span.start, runAt(span.end)?.end ?? span.end]);
    }
    return cutRanges(paragraph, ranges);
  });
}

/** `Foto: EFE/Juan Pérez` glued before the next sentence (`… El ministro dijo…`): a credit, with nothing to read. */
const GLUED_CREDIT = new RegExp(
  `(?<=^|[.!?…]["»”’]?\\s)(?:Fotos?|Photos?|Bild|Imagen)\\s*:\\s*(\\p{Lu}[\\p{L}.'’-]*(?:\\s\\p{Lu}[\\p{L}.'’-]*){0,3}(?:\\s?\\/\\s?\\p{Lu}[\\p{L}.'’-]*(?:\\s\\p{Lu}[\\p{L}.'’-]*){0,2})?)(?=\\s+\\p{Lu}\\p{Ll}*\\s+\\p{Ll})`,
  'gu',
);

/**
 * Removes a photo credit glued before a body sentence (`Foto: EFE/Juan Pérez El ministro dijo…`),
 * which the caption rule would otherwise take with the sentence it is glued to. Only credits
 * (`Agency/Photographer`, an agency) go; `Foto: Eine Anzeigetafel…` is a caption, left to {@link removePhotoCaptions}.
 */
export function removeGluedCredits(text: string): RuleResult {
  return perParagraph(text, 'photo-credit', (paragraph) => {
    const ranges: Array<[number, number]> = [];
    for (const m of paragraph.matchAll(GLUED_CREDIT)) {
      const credit = (m[1] ?? '').trim();
      if (credit.includes('/') || AGENCY_ONLY.test(credit)) ranges.push([m.index, m.index + m[0].length]);
    }
    return cutRanges(paragraph, ranges);
  });
}

/**
 * Removes photo credits left after a sentence or standing alone: `(PA)`, `(ESA/Wire)`,
 * `(Photo X)`, `(… via AP)`. A parenthesis inside a sentence (`l'agence (AFP) a indiqué`) stays.
 */
export function removePhotoCredits(text: string): RuleResult {
  return perParagraph(text, 'photo-credit', (paragraph) => {
    const standalone = /^(?:\([^()\n]{1,200}\)\.?\s*)+$/u.exec(paragraph);
    if (standalone) {
      const groups = [...paragraph.matchAll(/\(([^()]*)\)/g)].map((g) => g[1] ?? '');
      if (groups.every(isCredit)) return { text: '', cut: [paragraph] };
    }
    return cutRanges(
      paragraph,
      creditRuns(paragraph).map((r): [number, number] => [r.start, r.end]),
    );
  });
}

/**
 * Sentence openers that, glued to the end of a word (`Kim Jong-unLes États-Unis`), reveal a
 * headline fused into the body. A closed list, so brand names with inner capitals (`YouTube`,
 * `PowerPoint`, `LinkedIn`, `McDonald`) never match.
 */
const SENTENCE_OPENERS = new Set([
  'Le', 'La', 'Les', 'Un', 'Une', 'Des', 'Du', 'Au', 'Aux', 'Ce', 'Cet', 'Cette', 'Ces', 'Il', 'Ils',
  'Elle', 'Elles', 'Nous', 'Selon', 'Depuis', 'Lors', 'Après', 'Avant', 'Pour', 'Dans', 'Mais',
  'Cela', 'Son', 'Sa', 'Ses', 'Leur', 'Leurs', 'The', 'It', 'He', 'She', 'They', 'We', 'This',
  'That', 'These', 'Those', 'After', 'Before', 'But', 'When', 'While', 'According', 'Its', 'His',
  'Her', 'Their',
]);

/**
 * Removes the title of a related article fused into the body: a short run of words without end
 * punctuation that starts a sentence and is glued to the next sentence's first word
 * (`…l’Ukraine. Dix ans de règne bizarre et secret de Kim Jong-unLes États-Unis ont…`).
 */
export function removeFusedHeadlines(text: string): RuleResult {
  return perParagraph(text, 'fused-headline', (paragraph) => {
    const spans = sentenceSpans(paragraph);
    const ranges: Array<[number, number]> = [];
    for (const m of paragraph.matchAll(/(?<=\p{Ll}{2})(\p{Lu}\p{Ll}*)(?=[\s’',]|$)/gu)) {
      const word = m[1] ?? '';
      const next = paragraph[m.index + word.length] ?? '';
      const opens =
        SENTENCE_OPENERS.has(word) || (word === 'L' && /[’']/.test(next)) || (word === 'A' && next === ' ');
      if (!opens || isUrlLike(tokenAround(paragraph, m.index))) continue;
      const span = spans.find((s) => s.start <= m.index && m.index < s.end);
      if (span === undefined) continue;
      const headline = paragraph.slice(span.start, m.index);
      const words = countWords(headline);
      if (words >= 2 && words <= 20 && /^[\p{Lu}\p{N}«"“]/u.test(headline)) ranges.push([span.start, m.index]);
    }
    return cutRanges(paragraph, ranges);
  });
}

const ATTRIBUTION_VERB =
  '(?:(?:a|ont|avait|avaient) (?:déclaré|dit|indiqué|affirmé|ajouté|expliqué|précisé|souligné|estimé|assuré|confié|annoncé|commenté|rapporté|écrit)|said|told reporters|added|wrote|explained)';
const ATTRIBUTION = new RegExp(`\\b${ATTRIBUTION_VERB}(?![\\p{L}])`, 'u');
const DOUBLED_TAIL = new RegExp(`^(\\p{Ll}[^.!?]*?)?,?\\s*(${ATTRIBUTION_VERB})\\s*\\.$`, 'u');

/**
 * Removes an attribution repeated by a bad merge of two versions of a sentence:
 * `…, a déclaré Leif-Eric Easley, professeur … à l’université Ewha. à Séoul, a déclaré.` becomes
 * `…, a déclaré Leif-Eric Easley, professeur … à l’université Ewha à Séoul.` The lowercase
 * remainder (`à Séoul`) is a fact and is merged back into the sentence; only the repeated verb goes.
 */
export function removeDoubledAttributions(text: string): RuleResult {
  return perParagraph(text, 'doubled-attribution', (paragraph) => {
    const spans = sentenceSpans(paragraph);
    let out = '';
    let at = 0;
    const cut: string[] = [];
    for (let i = 1; i < spans.length; i++) {
      const previous = spans[i - 1];
      const span = spans[i];
      if (previous === undefined || span === undefined) continue;
      const sentence = paragraph.slice(span.start, span.end);
      const m = DOUBLED_TAIL.exec(sentence);
      if (!m || countWords(sentence) > 10) continue;
      if (!ATTRIBUTION.test(paragraph.slice(previous.start, previous.end))) continue;
      const remainder = (m[1] ?? '').trim();
      // Drop the previous sentence's final dot so the remainder continues it.
      const previousEnd = remainder === '' ? previous.end : previous.end - 1;
      out += paragraph.slice(at, previousEnd) + (remainder === '' ? '' : ` ${remainder}.`);
      at = span.end;
      cut.push(m[2] ?? '');
    }
    out += paragraph.slice(at);
    return { text: out.replace(/ {2,}/g, ' '), cut };
  });
}

/** Words that make a short sentence a real one (`Il a refusé.`), not a cut fragment. */
const FUNCTION_WORDS = new Set([
  'a', 'ont', 'est', 'sont', 'était', 'fait', 'dit', 'va', 'vont', 'non', 'oui', 'il', 'elle', 'ils',
  'elles', 'on', 'nous', 'je', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'no', 'yes', 'it',
  'he', 'she', 'they', 'we', 'i',
]);

function stemOf(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .slice(0, 6);
}

/**
 * Removes a cut phrase: a sentence of one to three words, without a verb, whose every word echoes
 * the sentence before it (`…selon le ministère russe des Affaires étrangères. Ministère étranger.`).
 * A short sentence that says something new (`Aucune date.`) is not an echo and stays.
 */
export function removeCutFragments(text: string): RuleResult {
  return perParagraph(text, 'cut-fragment', (paragraph) => {
    const spans = sentenceSpans(paragraph);
    const ranges: Array<[number, number]> = [];
    for (let i = 1; i < spans.length; i++) {
      const previous = spans[i - 1];
      const span = spans[i];
      if (previous === undefined || span === undefined) continue;
      const sentence = paragraph.slice(span.start, span.end);
      const m = /^(\p{Lu}[\p{L}’'-]*(?: [\p{L}’'-]+){0,2})\.$/u.exec(sentence);
      if (!m) continue;
      const words = (m[1] ?? '').split(' ');
      if (words.some((w) => FUNCTION_WORDS.has(w.toLowerCase()))) continue;
      const before = paragraph
        .slice(previous.start, previous.end)
        .split(/[^\p{L}]+/u)
        .map(stemOf);
      if (words.every((w) => before.includes(stemOf(w)))) {
        ranges.push([span.start, span.end]);
      }
    }
    return cutRanges(paragraph, ranges);
  });
}

/**
 * Repairs French quotes opened with `»` (`(PA) »Après avoir accepté…`): a `»` that follows no open
 * quote and is glued to the next word opens a quote and becomes `« `. Closing marks are untouched,
 * so every repaired quote pairs with the `»` that closes it.
 */
export function fixQuoteMarks(text: string): string {
  return text
    .split(PARAGRAPH_BREAK)
    .map((paragraph) => {
      let open = false;
      let out = '';
      for (let i = 0; i < paragraph.length; i++) {
        const ch = paragraph[i] ?? '';
        if (ch === '«') open = true;
        else if (ch === '»') {
          if (!open && /[\p{L}\p{N}]/u.test(paragraph[i + 1] ?? '')) {
            out += '« ';
            open = true;
            continue;
          }
          open = false;
        }
        out += ch;
      }
      return out;
    })
    .join('\n\n');
}

/**
 * Applies every rule in an order where each one sees the text it expects: trailers before the
 * dateline (both are whole lines), glued sentences split before anything that reads sentences,
 * captions before the leftover credits they carry, quotes last (captions may sit between `»`).
 */
export function cleanText(text: string): CleanedText {
  const removed: Removal[] = [];
  const apply = (result: RuleResult): string => {
    removed.push(...result.removed);
    return result.text;
  };
  let t = normaliseWhitespace(text);
  t = apply(removeTrailers(t));
  t = apply(normaliseDateline(t));
  t = splitGluedSentences(t);
  t = apply(removeGluedCredits(t));
  t = apply(removePhotoCaptions(t));
  t = apply(removePhotoCredits(t));
  t = apply(removeFusedHeadlines(t));
  t = apply(removeDoubledAttributions(t));
  t = apply(removeCutFragments(t));
  t = fixQuoteMarks(t);
  t = normaliseWhitespace(t);
  return { text: t, paragraphs: t === '' ? [] : t.split(PARAGRAPH_BREAK), removed };
}
