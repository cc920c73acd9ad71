import { stripDiacritics } from './text.js';

/** Quotations: the answer's passages in « » or “ ”, compared with the source modulo typography. */

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
export function quoteComparable(text: string): string {
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
export function quoteParts(quote: string): string[] {
  return quote
    .split(/\[…\]|\(…\)|\[\.\.\.\]|\(\.\.\.\)|…|\.\.\./u)
    .map((part) => quoteComparable(part).replace(/^[\s,.;:!?…-]+|[\s,.;:!?…-]+$/gu, ''))
    .filter((part) => part !== '');
}
