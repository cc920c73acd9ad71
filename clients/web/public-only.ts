import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a fetch for a news page or an image must never reach: pages and their `og:image`
 * come from third parties, and an address inside the newsroom's network (the cloud metadata
 * service, an admin panel) must not be fetched and uploaded to WordPress on their behalf.
 */
const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  internal.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // IPv4 written as IPv6 (::ffff:127.0.0.1) is judged as IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return !internal.check(mapped, 'ipv4');
  return !internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class InternalAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host} is an internal address (${address}); set PLUME_ALLOW_PRIVATE_URLS=true to fetch from it`);
    this.name = 'InternalAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that fails for internal addresses: it runs for every connection, redirects included. */
function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const list = addresses as LookupAddress[];
    const blocked = list.find((a) => !isPublicAddress(a.address));
    if (blocked) return callback(new InternalAddressError(hostname, blocked.address) as NodeJS.ErrnoException, '');
    if (options.all) return callback(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
}

/**
 * axios options that keep a request (and each redirect) on public addresses. Host names are
 * checked when resolved; IP literals, which skip resolution, are checked on each hop.
 */
export function publicOnlyRequestOptions(): {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  beforeRedirect: (options: Record<string, unknown>) => void;
} {
  return {
    httpAgent: new http.Agent({ lookup: publicLookup as never }),
    httpsAgent: new https.Agent({ lookup: publicLookup as never }),
    beforeRedirect: (options) => assertPublicLiteral(String(options.hostname ?? '')),
  };
}

/** Throws for a URL whose host is an internal IP literal (names are checked when resolved). */
export function assertPublicLiteral(host: string): void {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0 && !isPublicAddress(bare)) throw new InternalAddressError(host, bare);
}

/** The InternalAddressError behind a failed request, however the HTTP client wrapped it. */
export function internalAddressBehind(error: unknown): InternalAddressError | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof InternalAddressError) return e;
  }
  return undefined;
}
