import type { Article } from './contract.js';

/**
 * French typography, deterministic and idempotent.
 *
 * One space character for every rule: U+00A0 NO-BREAK SPACE. The narrow U+202F is finer before
 * `; ? !`, but it is missing from common web fonts (Arial among them) and from some editors, where it
 * shows as a fallback glyph; U+00A0 renders everywhere, WordPress keeps it, and Yoast's tokenizers
 * treat it as whitespace (JavaScript `\s`). An existing U+202F is normalised to U+00A0.
 */
export const FRENCH_SPACE = '\u00A0';

/** Horizontal spaces a writer may have typed where the no-break space belongs (never line breaks). */
const SPACES = '[ \\t\\u00A0\\u202F\\u2009]*';

/** Left untouched: URLs, bare `www.` hosts and e-mail addresses. */
const PROTECTED = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>«»"]+|[\w.+-]+@[\w-]+\.[\w.-]+/giu;

interface Rule {
  /** Describes an offending match, for editors and the repair prompt. */
  describe(match: string): string;
  pattern: RegExp;
  replace(match: string, ...groups: string[]): string;
}

const RULES: Rule[] = [
  {
    // Only between letters: leaves quotes like 'this' at word edges and feet/minutes (5') alone.
    pattern: /(?<=\p{L})'(?=\p{L})/gu,
    replace: () => '’',
    describe: () => "straight apostrophe ' instead of ’",
  },
  {
    // A group of `; : ? !` that ends a clause (followed by a space, the end, a guillemet or closing
    // punctuation): `10:30`, `http://`, `?p=3`, `a:b` never match. Not after an opening bracket or another mark.
    pattern: new RegExp(`(?<=[^\\s([{«?!;:])${SPACES}([;:?!]+)(?=\\s|$|[«»”")\\].,…])`, 'gu'),
    replace: (_match, marks = '') => `${FRENCH_SPACE}${marks}`,
    describe: (match) => {
      const mark = match.trim().charAt(0);
      return /^[;:?!]/.test(match)
        ? `missing no-break space before “${mark}”`
        : `the space before “${mark}” is not a no-break space (U+00A0)`;
    },
  },
  {
    pattern: new RegExp(`«${SPACES}(?=\\S)`, 'gu'),
    replace: () => `«${FRENCH_SPACE}`,
    describe: (match) =>
      match === '«' ? 'missing no-break space after “«”' : 'the space after “«” is not a no-break space (U+00A0)',
  },
  {
    pattern: new RegExp(`(?<=\\S)${SPACES}»`, 'gu'),
    replace: () => `${FRENCH_SPACE}»`,
    describe: (match) =>
      match === '»' ? 'missing no-break space before “»”' : 'the space before “»” is not a no-break space (U+00A0)',
  },
];

/** Applies `edit` to the parts of `text` outside URLs and e-mail addresses. */
function outsideProtected(text: string, edit: (segment: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    out += edit(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + edit(text.slice(last));
}

/** Fixes French typography: no-break spaces before `: ; ? !` and inside « », ’ between letters. */
export function frenchTypography(text: string): string {
  return outsideProtected(text, (segment) =>
    RULES.reduce((current, rule) => current.replace(rule.pattern, rule.replace), segment),
  );
}

const CONTEXT = 18;

/** What `frenchTypography` would change, one readable line per place (empty when the text is correct). */
export function typographyIssues(text: string): string[] {
  const issues: string[] = [];
  outsideProtected(text, (segment) => {
    for (const rule of RULES) {
      for (const match of segment.matchAll(rule.pattern)) {
        if (rule.replace(match[0], ...match.slice(1)) === match[0]) continue;
        const start = Math.max(0, match.index - CONTEXT);
        const end = Math.min(segment.length, match.index + match[0].length + CONTEXT);
        const excerpt = `${start > 0 ? '…' : ''}${segment.slice(start, end)}${end < segment.length ? '…' : ''}`;
        issues.push(`${rule.describe(match[0])} in “${excerpt}”`);
      }
    }
    return segment;
  });
  return issues;
}

/** The article with French typography applied to every text field except the slug. */
export function applyTypography(article: Article): Article {
  const fix = frenchTypography;
  return {
    ...article,
    title: fix(article.title),
    seo_title: fix(article.seo_title),
    focus_keyword: fix(article.focus_keyword),
    meta_description: fix(article.meta_description),
    excerpt: fix(article.excerpt),
    lead: fix(article.lead),
    sections: article.sections.map((section) => ({
      heading: fix(section.heading),
      paragraphs: section.paragraphs.map(fix),
    })),
    tags: article.tags.map(fix),
  };
}
