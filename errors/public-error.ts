import { isIP } from 'node:net';
import type { PlumeError, PlumeErrorJson } from './plume-error.js';

/**
 * What an error may show to API clients. Messages are written for operators (they name WP_URL,
 * the WordPress user, the model endpoint); the API answers anyone holding the token, so those
 * are replaced by what they are, and only the job's own input keeps its address. Logs keep
 * the full text.
 */
export interface Disclosure {
  /** Addresses the client gave for this job (source page, image): shown as they are. */
  ownUrls?: ReadonlyArray<string | undefined>;
  /** Internal services, each shown by its label wherever its address appears. */
  places?: ReadonlyArray<{ url: string | undefined; label: string }>;
  /** Values shown by their label only: user names, passwords, keys. */
  secrets?: ReadonlyArray<{ value: string | undefined; label: string }>;
}

/** The error's JSON with its message and input redacted; params are shown as they are (numbers and names, never an address or a secret). */
export type PublicError = PlumeErrorJson;

const HIDDEN_ADDRESS = '[internal address]';
const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>()[\]{}]+/gi;
/** Runs of the characters an IPv4 or IPv6 address (with a port) is made of; `isIP` decides. */
const ADDRESS_CANDIDATE = /(?<![\w.:-])\[?[\da-f:.]*[.:][\da-f:.]*\]?(?::\d{1,5})?(?![\w.:-])/gi;

function hostOf(url: string | undefined): { host: string; hostname: string } | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.hostname ? { host: parsed.host.toLowerCase(), hostname: parsed.hostname.toLowerCase() } : undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `word` where it stands alone, not inside a longer name (`admin` but not `wp-admin`). */
const standalone = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}_.-])${escapeRegExp(word)}(?![\\p{L}\\p{N}_-])`, 'gu');

/** The message as an API client may read it; the same input always gives the same text. */
export function publicMessage(text: string, disclosure: Disclosure): string {
  const own = new Set(disclosure.ownUrls?.map((url) => hostOf(url)?.host).filter((host): host is string => Boolean(host)));
  const places = (disclosure.places ?? []).flatMap(({ url, label }) => {
    const host = hostOf(url);
    return host && !own.has(host.host) ? [{ ...host, label: `[${label}]` }] : [];
  });
  const labelFor = (host: string) => places.find((place) => place.host === host || place.hostname === host)?.label;

  // The job's own addresses are set aside until the end, so that the passes below, which
  // replace host names standing alone, cannot rewrite them (WordPress and the source may share a host).
  const kept: string[] = [];
  let result = text.replace(URL_IN_TEXT, (match) => {
    // Punctuation that ends the sentence is not part of the address.
    const [, url = '', punctuation = ''] = /^(.*?)([.,;:!?]*)$/s.exec(match) ?? [];
    const host = hostOf(url);
    if (host && own.has(host.host)) {
      kept.push(url);
      return `\u0000${kept.length - 1}\u0000${punctuation}`;
    }
    return `${(host && labelFor(host.host)) ?? HIDDEN_ADDRESS}${punctuation}`;
  });
  // Host names outside URLs, as Node reports them (`ENOTFOUND wordpress`, `connect … wordpress:80`).
  for (const place of places) {
    for (const name of new Set([place.host, place.hostname])) result = result.replace(standalone(name), place.label);
  }
  result = result.replace(ADDRESS_CANDIDATE, (candidate) => {
    // A sentence may end right after the address.
    const [, address = '', period = ''] = /^(.*?)(\.*)$/s.exec(candidate) ?? [];
    const bare = address.replace(/^\[|\](?::\d+)?$|(?<=^[\d.]+):\d+$/g, '');
    return isIP(bare) !== 0 ? `${HIDDEN_ADDRESS}${period}` : candidate;
  });
  for (const { value, label } of disclosure.secrets ?? []) {
    if (value && value.trim() !== '') result = result.replace(standalone(value), `[${label}]`);
  }
  return result.replace(/\u0000(\d+)\u0000/g, (_, index: string) => kept[Number(index)] ?? '');
}

/** A PlumeError (or its stored JSON) as the API shows it: same step and verdict, redacted text. */
export function toPublicError(error: PlumeError | PublicError, disclosure: Disclosure): PublicError {
  const json = 'toJSON' in error ? error.toJSON() : error;
  return {
    name: json.name,
    code: json.code,
    ...(json.params === undefined ? {} : { params: json.params }),
    message: publicMessage(json.message, disclosure),
    step: json.step,
    ...(json.input === undefined ? {} : { input: publicMessage(json.input, disclosure) }),
    retryable: json.retryable,
  };
}
