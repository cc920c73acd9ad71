import { francAll } from 'franc';
import { ISO_639_1, ISO_639_3 } from '../text/language.js';

export interface DetectedLanguage {
  /** ISO 639-1 code (`fr`, `en`…), or `und` when the text is too short or the call too close. */
  code: string;
  /**
   * franc's margin over the runner-up, 0 to 1. Relative, not a probability: it shrinks as the
   * text grows even when the answer is certain, so compare it only between texts of similar length.
   */
  confidence?: number;
}

/**
 * franc knows ~190 languages; on a short news text the nearest trigram profile is often an
 * unlikely one (Sesotho for a French sentence), so detection is restricted to a few by default:
 * the major languages of international news, where short texts stay reliable.
 */
export const DEFAULT_LANGUAGES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'nl', 'ru', 'uk', 'pl', 'tr', 'ar', 'zh', 'ja', 'ko'];

/** Below this many letters franc guesses; answer `und` instead. */
const MIN_LETTERS = 20;
/** A margin this small is a tie between two languages. */
const MIN_MARGIN = 0.01;

/**
 * Detects the language of a text with franc, among `only` (ISO 639-1 codes; unknown codes are
 * ignored; default {@link DEFAULT_LANGUAGES}).
 */
export function detectLanguage(text: string, options: { only?: string[] } = {}): DetectedLanguage {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return { code: 'und' };
  const only = (options.only ?? DEFAULT_LANGUAGES).flatMap((code) => ISO_639_3[code] ?? []);
  const [best, second] = francAll(text, { only, minLength: 1 });
  const code = best === undefined ? undefined : ISO_639_1[best[0]];
  if (best === undefined || code === undefined) return { code: 'und' };
  const confidence = Math.round((1 - (second?.[1] ?? 0)) * 1000) / 1000;
  return confidence < MIN_MARGIN ? { code: 'und', confidence } : { code, confidence };
}
