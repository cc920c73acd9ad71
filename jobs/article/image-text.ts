import type { Article } from './contract.js';
import { plainText, PLAIN_LIMITS } from './plain-text.js';

/**
 * The featured image's alt text: French, from the article's title, with the keyphrase (put first
 * when the title lacks it, so the cap never cuts it). Both come from the model: made plain text
 * (markup dropped, angle brackets disarmed, one line) before they are put together.
 */
export function imageAlt(article: Pick<Article, 'title' | 'focus_keyword'>): string {
  const title = plainText(article.title, PLAIN_LIMITS.title);
  const keyphrase = plainText(article.focus_keyword, PLAIN_LIMITS.focus_keyword);
  const alt = keyphrase === '' || title.toLocaleLowerCase('fr').includes(keyphrase.toLocaleLowerCase('fr')) ? title : `${keyphrase} : ${title}`;
  return plainText(alt, PLAIN_LIMITS.title);
}

/**
 * The image's caption: its credit. The source page's name for itself (`og:site_name`) when it
 * gives one, else the host of the source's address; none for a pasted text without address. The
 * page's name is a third party's text: plain text, capped.
 */
export function imageCaption(siteName: string | undefined, sourceUrl: string | undefined): string | undefined {
  const named = siteName === undefined ? '' : plainText(siteName, PLAIN_LIMITS.tag);
  let credit = named;
  if (credit === '' && sourceUrl !== undefined && URL.canParse(sourceUrl)) credit = new URL(sourceUrl).hostname.replace(/^www\./, '');
  return credit === '' ? undefined : `Photo : ${credit}`;
}
