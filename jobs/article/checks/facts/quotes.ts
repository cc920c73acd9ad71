import { stripDiacritics } from '../../text/words.js';

/** Quotations: the answer's passages in « » or “ ”, compared with the source modulo typography. */

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
