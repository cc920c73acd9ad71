import type { FetchPage } from '../../../clients/web/fetch-page.js';
import { PermanentError } from '../../../errors/index.js';
import type { CleanSource, CleanSourceInput } from '../source/clean-source.js';
import type { ArticlePayload } from '../payload.js';

/** `cleanSource`, run where it cannot hold the event loop (a worker thread in the worker). */
export type CleanSourceOffLoop = (input: CleanSourceInput) => Promise<CleanSource>;

/** Step 1: the payload's source (text, HTML, or a URL to fetch) → clean text with its metadata. */
export async function cleanStep(
  payload: ArticlePayload,
  deps: { fetchPage: FetchPage; cleanSource: CleanSourceOffLoop },
): Promise<CleanSource> {
  if (payload.text === undefined && payload.html === undefined && payload.url !== undefined) {
    const page = await deps.fetchPage(payload.url);
    try {
      return await deps.cleanSource({ html: page.html, url: page.finalUrl, title: payload.title, language: payload.language });
    } catch (error) {
      // The editor gave a URL: say which page had nothing to use.
      if (!(error instanceof PermanentError)) throw error;
      throw new PermanentError(`The page at ${page.finalUrl} gave no usable article: ${error.message}`, {
        code: error.code,
        ...(error.params === undefined ? {} : { params: error.params }),
        step: 'clean',
        input: 'url',
        cause: error,
      });
    }
  }
  return deps.cleanSource({
    text: payload.text,
    html: payload.html,
    url: payload.url,
    title: payload.title,
    language: payload.language,
  });
}
