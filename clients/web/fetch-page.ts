import axios, { AxiosError } from 'axios';
import { PermanentError, TransientError } from '../../errors/index.js';
import { assertPublicLiteral, internalAddressBehind, publicOnlyRequestOptions } from './public-only.js';

export interface FetchedPage {
  html: string;
  /** Address after redirects: the page's own URL for resolving relative links. */
  finalUrl: string;
}

export type FetchPage = (url: string) => Promise<FetchedPage>;

/** Fetches a news page for the clean step when an editor gives only its URL. */
export function createPageFetcher(
  options: {
    timeoutMs?: number;
    maxBytes?: number;
    /** Pages come from editors and redirects: internal addresses are refused unless this is set. */
    allowPrivateHosts?: boolean;
  } = {},
): FetchPage {
  const http = axios.create({
    ...(options.allowPrivateHosts ? {} : publicOnlyRequestOptions()),
    timeout: options.timeoutMs ?? 20_000,
    maxContentLength: options.maxBytes ?? 5_000_000,
    responseType: 'text',
    maxRedirects: 5,
    headers: { 'user-agent': 'Plume/0.1 (+news rewriting worker)', accept: 'text/html,application/xhtml+xml' },
    // Every status is handled below, where the error can name the URL.
    validateStatus: () => true,
  });
  return async (url) => {
    const context = { step: 'clean.fetchPage', input: url };
    let response;
    try {
      if (!options.allowPrivateHosts) assertPublicLiteral(new URL(url).hostname);
      response = await http.get<string>(url);
    } catch (error) {
      const internal = internalAddressBehind(error);
      if (internal) throw new PermanentError(`Refused to fetch url ${url}: ${internal.message}`, { ...context, code: 'source_url_refused', cause: error });
      const reason = error instanceof AxiosError ? (error.code ?? error.message) : String(error);
      if (error instanceof AxiosError && error.code === 'ERR_BAD_RESPONSE') {
        throw new PermanentError(`The page at url is too large or unreadable: ${reason}`, { ...context, code: 'source_unreadable', cause: error });
      }
      throw new TransientError(`Could not fetch the page at url (${reason})`, { ...context, code: 'source_fetch_failed', cause: error });
    }
    const { status } = response;
    if (status === 429 || status >= 500) throw new TransientError(`The page at url answered ${status}`, { ...context, code: 'source_http_unavailable', params: { status } });
    if (status >= 400) throw new PermanentError(`The page at url answered ${status}: check the address`, { ...context, code: 'source_http_refused', params: { status } });
    const type = String(response.headers['content-type'] ?? '');
    if (!/html|xml/i.test(type)) {
      throw new PermanentError(`The page at url is not HTML (content-type "${type}")`, { ...context, code: 'source_not_html', params: { content_type: type } });
    }
    const finalUrl = (response.request as { res?: { responseUrl?: string } } | undefined)?.res?.responseUrl ?? url;
    return { html: response.data, finalUrl };
  };
}
