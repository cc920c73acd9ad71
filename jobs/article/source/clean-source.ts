import { PermanentError } from '../../../errors/index.js';
import { countWords } from '../text/words.js';
import { cleanText, type Removal } from './clean-text.js';
import { detectLanguage } from './detect-language.js';
import { extractArticle } from './extract-html.js';

export interface CleanSourceInput {
  text?: string;
  html?: string;
  title?: string;
  /** The page's address: resolves relative `og:image` and canonical URLs. */
  url?: string;
  /** The source language when the caller knows it (`fr`, `en-GB`); detected otherwise. */
  language?: string;
}

/** The clean step's output, stored in the queue job: plain JSON only. */
export interface CleanSource {
  title?: string;
  text: string;
  paragraphs: string[];
  /** The given language (primary subtag, lowercase), else the detected one. */
  language: string;
  /** What franc found in the cleaned text, `und` when unsure. */
  detectedLanguage: string;
  imageUrl?: string;
  canonicalUrl?: string;
  siteName?: string;
  wordCount: number;
  /** What the cleaning removed, by rule, for editors to review. */
  removed: Removal[];
}

/** Fewer words than this is not enough source to write an article from. */
export const MIN_SOURCE_WORDS = 30;

/** `fr-FR` → `fr`; anything that is not a language tag is ignored. */
function primaryLanguage(tag: string | undefined): string | undefined {
  return /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/i.exec(tag?.trim() ?? '')?.[1]?.toLowerCase();
}

/**
 * Cleans a news item into plain paragraphs: HTML goes through article extraction, then both
 * HTML and pasted text go through the scraper-defect rules. Throws `PermanentError`
 * (`step: 'clean'`) when nothing usable is left.
 */
export function cleanSource(input: CleanSourceInput): CleanSource {
  const hasHtml = input.html !== undefined && input.html.trim() !== '';
  const field = hasHtml ? 'html' : 'text';
  if (!hasHtml && (input.text === undefined || input.text.trim() === '')) {
    throw new PermanentError('The news item has neither text nor HTML', { code: 'source_missing', step: 'clean', input: 'text' });
  }
  const page = hasHtml ? extractArticle(input.html ?? '', input.url === undefined ? {} : { url: input.url }) : undefined;
  const cleaned = cleanText(page?.text ?? input.text ?? '');
  const wordCount = countWords(cleaned.text);
  if (wordCount < MIN_SOURCE_WORDS) {
    throw new PermanentError(`The cleaned ${field} has ${wordCount} words, fewer than ${MIN_SOURCE_WORDS}`, {
      code: 'source_too_short',
      params: { words: wordCount, min: MIN_SOURCE_WORDS },
      step: 'clean',
      input: field,
    });
  }
  const detectedLanguage = detectLanguage(cleaned.text).code;
  // A page's declared language settles the rare text franc cannot call.
  const fallback = detectedLanguage === 'und' ? page?.lang : undefined;
  const language = primaryLanguage(input.language) ?? fallback ?? detectedLanguage;
  const title = input.title?.trim() || page?.title || undefined;
  return {
    ...(title === undefined ? {} : { title }),
    text: cleaned.text,
    paragraphs: cleaned.paragraphs,
    language,
    detectedLanguage,
    ...(page?.imageUrl === undefined ? {} : { imageUrl: page.imageUrl }),
    ...(page?.canonicalUrl === undefined ? {} : { canonicalUrl: page.canonicalUrl }),
    ...(page?.siteName === undefined ? {} : { siteName: page.siteName }),
    wordCount,
    removed: [...(page?.captions ?? []).map((text) => ({ rule: 'photo-caption', text })), ...cleaned.removed],
  };
}

/**
 * The source as the model reads it and as facts are checked against: the clean text, then the
 * photo captions taken out of it. Captions broke the text where scrapers pasted them, but what
 * they state (a date, a place, who was there) is still the source's word.
 */
export function factualSource(clean: Pick<CleanSource, 'text' | 'removed'>): string {
  const captions = clean.removed.filter((r) => r.rule === 'photo-caption').map((r) => r.text);
  return captions.length === 0 ? clean.text : `${clean.text}\n\nLégendes des photos :\n${captions.map((c) => `- ${c}`).join('\n')}`;
}
