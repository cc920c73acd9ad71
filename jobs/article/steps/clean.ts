import type { FetchPage } from '../../../clients/web/fetch-page.js';
import { cleanSource, type CleanSource } from '../clean/clean-source.js';
import type { ArticlePayload } from '../payload.js';

/** Step 1: the payload's source (text, HTML, or a URL to fetch) → clean text with its metadata. */
export async function cleanStep(payload: ArticlePayload, deps: { fetchPage: FetchPage }): Promise<CleanSource> {
  if (payload.text === undefined && payload.html === undefined && payload.url !== undefined) {
    const page = await deps.fetchPage(payload.url);
    return cleanSource({ html: page.html, url: page.finalUrl, title: payload.title, language: payload.language });
  }
  return cleanSource({
    text: payload.text,
    html: payload.html,
    url: payload.url,
    title: payload.title,
    language: payload.language,
  });
}
