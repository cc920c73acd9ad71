import { createHash } from 'node:crypto';
import type { ArticlePayload } from './payload.js';

/** Tracking parameters that do not change which article a URL designates. */
const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|xtor|at_medium|at_campaign)$/i;

/** The URL with host lower-cased, fragment, trailing slash and tracking parameters removed. */
export function normaliseUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return `${url.protocol}//${url.host}${url.pathname}${url.search}`;
}

/** Text reduced to what identifies it: tags dropped, letters and digits only, lower case. */
export function normaliseText(text: string): string {
  return text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What `sourceKey` makes; anything else is not a Plume job id (and must not reach Redis as one). */
const SOURCE_KEY = /^src-[0-9a-f]{32}$/;

export function isSourceKey(value: string): boolean {
  return SOURCE_KEY.test(value);
}

/**
 * One key per source and site: the normalised URL when there is one, else the normalised text,
 * and the site when it is not the default one (`site` absent), so that keys made before there
 * were several sites stay the same. It is the BullMQ job id (a second enqueue finds the first
 * job) and the post meta that finds the draft.
 */
export function sourceKey(payload: Pick<ArticlePayload, 'url' | 'text' | 'html' | 'site'>): string {
  const source = payload.url ? `url:${normaliseUrl(payload.url)}` : `text:${normaliseText(payload.text ?? payload.html ?? '')}`;
  const basis = payload.site === undefined ? source : `site:${payload.site}\n${source}`;
  return `src-${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}
