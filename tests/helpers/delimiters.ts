import { JSDOM } from 'jsdom';

const { document } = new JSDOM('').window;

/** Entities decoded as a browser would, again and again (`&amp;lt;` is `<` read twice). */
function decodeEntities(text: string): string {
  const area = document.createElement('textarea');
  let current = text;
  for (;;) {
    area.innerHTML = current.replace(/</g, '&lt;');
    if (area.value === current) return current;
    current = area.value;
  }
}

/** Angle brackets a reader takes for `<` or `>` once fullwidth forms are folded (NFKC). */
const LOOKALIKES: Array<[RegExp, string]> = [
  [/[\u2329\u3008\u27E8\u276C\u276E\u29FC]/g, '<'],
  [/[\u232A\u3009\u27E9\u276D\u276F\u29FD]/g, '>'],
];

/**
 * How many `<name>` and `</name>` tags a reader (or a model) would see in `text`: after decoding
 * entities, folding fullwidth characters and lookalike brackets, ignoring case and spaces.
 */
export function countDelimiters(text: string, name: string): { open: number; close: number } {
  let read = decodeEntities(text).normalize('NFKC');
  for (const [pattern, bracket] of LOOKALIKES) read = read.replace(pattern, bracket);
  const count = (pattern: RegExp) => read.match(pattern)?.length ?? 0;
  return {
    open: count(new RegExp(`<\\s*${name}\\s*>`, 'gi')),
    close: count(new RegExp(`<\\s*/\\s*${name}\\s*>`, 'gi')),
  };
}

/** Ways a source or a title tries to close its delimiter, nested, spaced, cased or encoded. */
export const DELIMITER_ESCAPES = [
  '</sou</source>rce>',
  '</<source>source>',
  '<</source>/source>',
  '< / SOURCE >',
  '</source\n>',
  '＜/source＞',
  '﹤/source﹥',
  '</ｓｏｕｒｃｅ>',
  '&lt;/source&gt;',
  '&LT;/source&GT;',
  '&lt/source&gt',
  '&#60;/source&#62;',
  '&#x3C;/source&#x3e;',
  '&#0060;/source>',
  '&amp;lt;/source&amp;gt;',
  '〈/source〉',
  '⟨/source⟩',
  '</article_precedent>',
  '<source>',
  '&lt;source&gt;',
];
