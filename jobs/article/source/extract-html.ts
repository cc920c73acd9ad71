import { JSDOM, VirtualConsole } from 'jsdom';
import { Readability } from '@mozilla/readability';
import { PermanentError } from '../../../errors/index.js';
import { startsWithReadAlso } from './clean-text.js';
import { assertHtmlWithinLimits } from './html-limits.js';

export interface ExtractedArticle {
  /** The headline: the page's `<h1>`, else Readability's title. */
  title: string;
  /** Paragraphs joined by a blank line. */
  text: string;
  /** Lead, body paragraphs, subheadings and quotes, in page order. */
  paragraphs: string[];
  /** `og:image` (or `twitter:image`), absolute. */
  imageUrl?: string;
  /** `<link rel="canonical">` (or `og:url`), absolute. */
  canonicalUrl?: string;
  siteName?: string;
  /** The page's declared language, primary subtag (`fr`). */
  lang?: string;
  /** Photo captions of the article, kept out of the text but not out of the facts. */
  captions: string[];
}

/** Fewer words than this after extraction means the page has no article body. */
const MIN_BODY_WORDS = 40;

/** Elements that never hold article text. */
const NEVER_CONTENT =
  'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea, nav, footer, aside, dialog, figcaption, [role="navigation"], [role="contentinfo"], [role="complementary"], [aria-hidden="true"], [hidden]';

/** Class or id words of page furniture: cookie banners, share bars, ads, newsletter, comments… */
const BOILERPLATE_NAME =
  /(?:^|[\s_-])(?:cookies?|consent|gdpr|rgpd|share|sharing|social|newsletter|comments?|related|read-?also|lire-?aussi|ads?|advert|advertising|pub|publicite|promo|sponsor|outbrain|taboola|sidebar|subscribe|abonnement|paywall|breadcrumbs?)(?:$|[\s_-])/i;

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const wordCount = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

const AD_LABEL = /^(?:publicité|advertisement|annonce|sponsorisé|pub)$/iu;

/** Short lines that survive Readability on some pages yet are never story text. */
const BOILERPLATE_LINE =
  /^(?:partager|share)\b|^(?:recevez notre newsletter|abonnez-vous|inscrivez-vous|subscribe to|sign up for)|^(?:nous utilisons des cookies|we use cookies)|^\d+ (?:commentaires?|comments?)$|tous droits réservés|all rights reserved|^mentions légales/iu;
const isBoilerplateLine = (text: string): boolean =>
  AD_LABEL.test(text) || startsWithReadAlso(text) || (wordCount(text) <= 30 && BOILERPLATE_LINE.test(text));


function absoluteUrl(value: string | null | undefined, base: string | undefined): string | undefined {
  if (value == null || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function meta(document: Document, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const el = document.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return undefined;
}

/** An element too large to be furniture: it holds the headline or most of the page's text. */
function holdsArticle(el: Element, bodyLength: number): boolean {
  if (el.matches('article, main') || el.querySelector('article, main, h1') !== null) return true;
  return (el.textContent?.length ?? 0) > bodyLength / 2;
}

/** Strips page furniture before Readability scores the page, so none of it can be kept. */
function removeBoilerplate(document: Document): void {
  for (const el of document.querySelectorAll(NEVER_CONTENT)) el.remove();
  const bodyLength = document.body?.textContent?.length ?? 0;
  for (const el of document.querySelectorAll('body *')) {
    if (!el.isConnected) continue;
    const name = `${el.getAttribute('class') ?? ''} ${el.id}`;
    if (BOILERPLATE_NAME.test(name) && !holdsArticle(el, bodyLength)) el.remove();
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!el.isConnected) continue;
    const text = collapse(el.textContent ?? '');
    if (AD_LABEL.test(text)) el.remove();
    else if (startsWithReadAlso(text) && text.length <= 300) {
      // The marker's box (marker + list of links) goes as a whole when it is small.
      const box = el.parentElement;
      if (box && !holdsArticle(box, bodyLength) && collapse(box.textContent ?? '').length <= 600) box.remove();
      else {
        const list = el.nextElementSibling;
        if (list?.matches('ul, ol')) list.remove();
        el.remove();
      }
    }
  }
}

const BLOCKS = 'p, h2, h3, h4, h5, h6, blockquote, li, pre';

/** The innermost text blocks of Readability's output, in order; a quote without `<p>` counts whole. */
function textBlocks(html: string): string[] {
  const fragment = JSDOM.fragment(html);
  const paragraphs: string[] = [];
  for (const el of fragment.querySelectorAll(BLOCKS)) {
    if (el.querySelector(BLOCKS) !== null || el.closest('figure') !== null) continue;
    const text = collapse(el.textContent ?? '');
    if (text === '' || isBoilerplateLine(text)) continue;
    paragraphs.push(text);
  }
  return paragraphs;
}

/** `Headline - Site` in `<title>` names the site when the page does not say it otherwise. */
function siteNameFromTitle(documentTitle: string, headline: string): string | undefined {
  if (headline === '' || !documentTitle.startsWith(headline)) return undefined;
  const rest = /^\s*[-–—|·:]\s*(.+)$/u.exec(documentTitle.slice(headline.length))?.[1]?.trim();
  return rest === '' ? undefined : rest;
}

/**
 * Extracts the article of a news page: headline, paragraphs (lead, body, subheadings, quotes),
 * `og:image`, canonical URL, site name and language. Scripts never run and no resource is
 * fetched. Throws `PermanentError` when there is no body, or when the HTML is over the size or
 * nesting limit (checked first: the DOM and Readability recurse and slow down with depth).
 */
export function extractArticle(html: string, options: { url?: string } = {}): ExtractedArticle {
  assertHtmlWithinLimits(html);
  const pageUrl = absoluteUrl(options.url, undefined);
  // jsdom's defaults run no script and load no subresource; the silent console drops CSS noise.
  const dom = new JSDOM(html, {
    ...(pageUrl === undefined ? {} : { url: pageUrl }),
    virtualConsole: new VirtualConsole(),
  });
  const { document } = dom.window;

  const canonicalUrl = absoluteUrl(
    document.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ?? meta(document, 'og:url'),
    pageUrl,
  );
  const base = pageUrl ?? canonicalUrl;
  const imageUrl = absoluteUrl(meta(document, 'og:image', 'og:image:url', 'twitter:image'), base);
  const lang = /^[a-z]{2,3}/i.exec(document.documentElement.getAttribute('lang') ?? '')?.[0]?.toLowerCase();
  const documentTitle = collapse(document.title);
  const h1 = collapse(document.querySelector('article h1, main h1, h1')?.textContent ?? '');
  const ogTitle = meta(document, 'og:title');
  const ogSiteName = meta(document, 'og:site_name');

  // Captions of the story's own figures, read before furniture (and figcaption) is stripped.
  const region = document.querySelector('article') ?? document.querySelector('main') ?? document.body;
  const captions = [...(region?.querySelectorAll('figure figcaption') ?? [])]
    .map((el) => collapse(el.textContent ?? ''))
    .filter((text) => text !== '');
  removeBoilerplate(document);
  const parsed = new Readability(document, { charThreshold: 200 }).parse();
  const title = h1 || collapse(parsed?.title ?? '') || ogTitle || documentTitle;
  const paragraphs = textBlocks(parsed?.content ?? '').filter((p) => p !== title);
  if (wordCount(paragraphs.join(' ')) < MIN_BODY_WORDS) {
    throw new PermanentError('The page has no article body to extract', { code: 'source_no_article', step: 'clean', input: 'html' });
  }
  const siteName = ogSiteName ?? parsed?.siteName ?? siteNameFromTitle(documentTitle, title);
  return {
    title,
    text: paragraphs.join('\n\n'),
    paragraphs,
    ...(imageUrl === undefined ? {} : { imageUrl }),
    ...(canonicalUrl === undefined ? {} : { canonicalUrl }),
    ...(siteName ? { siteName } : {}),
    ...(lang === undefined ? {} : { lang }),
    captions,
  };
}
