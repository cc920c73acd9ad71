import { stripDiacritics } from '../../text/words.js';

/** Text helpers shared by the facts check's sections. */

/** Lowercase ASCII-ish words separated by single spaces, padded: for whole-word substring tests. */
export const wordsOnly = (text: string): string =>
  ` ${stripDiacritics(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

/** Letters and digits only, lowercase, compatibility forms folded (`CO₂` = `CO2`): for identifiers such as `COVID-19` = `Covid 19`. */
export const compact = (text: string): string =>
  stripDiacritics(text.normalize('NFKC')).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Spaces a figure or a date may contain: normal, non-breaking, narrow non-breaking, thin. */
export const SPACE = '[ \\u00A0\\u202F\\u2009]';

export const excerptAround = (text: string, index: number, length: number, span = 30): string => {
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, index - span)) + 1);
  const endSpace = text.indexOf(' ', Math.min(text.length, index + length + span));
  const end = endSpace === -1 ? text.length : endSpace;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
};

/** A span of text already read as something else (a date's day, a time), not to be read again as a figure. */
export type Range = [start: number, end: number];

export const inRanges = (ranges: readonly Range[], index: number): boolean =>
  ranges.some(([start, end]) => index >= start && index < end);
