import axios, { AxiosError } from 'axios';
import { PermanentError, TransientError } from '../../errors/index.js';
import { assertPublicLiteral, internalAddressBehind, publicOnlyRequestOptions } from './public-only.js';

/** The validators of the last answer, sent back so an unchanged feed answers 304. */
export interface FeedValidators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export type FetchedFeed =
  | { status: 'not_modified' }
  | { status: 'ok'; body: string; contentType: string; finalUrl: string; validators: FeedValidators };

export type FetchFeed = (url: string, validators?: FeedValidators) => Promise<FetchedFeed>;

export const FEED_USER_AGENT = 'Plume/0.1 feed reader (+https://github.com/plume; polls each feed at most every 5 minutes)';

/**
 * Fetches a feed politely: conditional request, a User-Agent naming Plume, a timeout and a size
 * limit, and the same address guard as source pages (feeds are given by editors and redirect).
 */
export function createFeedFetcher(options: { timeoutMs?: number; maxBytes?: number; allowPrivateHosts?: boolean } = {}): FetchFeed {
  const http = axios.create({
    ...(options.allowPrivateHosts ? {} : publicOnlyRequestOptions()),
    timeout: options.timeoutMs ?? 20_000,
    maxContentLength: options.maxBytes ?? 5_000_000,
    responseType: 'text',
    maxRedirects: 5,
    headers: {
      'user-agent': FEED_USER_AGENT,
      accept: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    },
    validateStatus: () => true,
  });
  return async (url, validators = {}) => {
    const context = { step: 'feed.fetch', input: url };
    let response;
    try {
      if (!options.allowPrivateHosts) assertPublicLiteral(new URL(url).hostname);
      response = await http.get<string>(url, {
        headers: {
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
      });
    } catch (error) {
      const internal = internalAddressBehind(error);
      if (internal) throw new PermanentError(`Refused to fetch feed ${url}: ${internal.message}`, { ...context, code: 'feed_url_refused', cause: error });
      const reason = error instanceof AxiosError ? (error.code ?? error.message) : String(error);
      if (error instanceof AxiosError && error.code === 'ERR_BAD_RESPONSE') {
        throw new PermanentError(`The feed is too large or unreadable: ${reason}`, { ...context, code: 'feed_unreadable', cause: error });
      }
      throw new TransientError(`Could not fetch the feed (${reason})`, { ...context, code: 'feed_fetch_failed', params: { reason }, cause: error });
    }
    const { status } = response;
    if (status === 304) return { status: 'not_modified' };
    if (status === 429 || status >= 500) throw new TransientError(`The feed answered ${status}`, { ...context, code: 'feed_http_unavailable', params: { status } });
    if (status >= 400) throw new PermanentError(`The feed answered ${status}: check the address`, { ...context, code: 'feed_http_refused', params: { status } });
    const header = (name: string) => {
      const value = response.headers[name];
      return typeof value === 'string' && value ? value : undefined;
    };
    const finalUrl = (response.request as { res?: { responseUrl?: string } } | undefined)?.res?.responseUrl ?? url;
    return {
      status: 'ok',
      body: String(response.data ?? ''),
      contentType: header('content-type') ?? '',
      finalUrl,
      validators: { etag: header('etag'), lastModified: header('last-modified') },
    };
  };
}
