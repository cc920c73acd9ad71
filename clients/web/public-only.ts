import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Pages and their `og:image` come from third parties: an address inside the newsroom's network
 * (the cloud metadata service, an admin panel) must not be fetched and uploaded to WordPress on
 * their behalf. An address is public when ipaddr.js files it under plain `unicast`, IPv6 only in
 * the global unicast block 2000::/3, and an IPv4 address carried inside an IPv6 one (NAT64, 6to4,
 * Teredo, IPv4-compatible or -translated) is judged as that IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  // node's isIP takes only the standard notations; ipaddr.js would also read `0x7f.1`.
  if (isIP(address) === 0) return false;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return ip.range() === 'unicast';
  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded !== undefined) return embedded.length > 0 && embedded.every((v4) => v4.range() === 'unicast');
  return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST);
}

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const v4 = (hi: number, lo: number): ipaddr.IPv4 => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/**
 * The IPv4 addresses an IPv6 address leads to, by the transition scheme it belongs to; an empty
 * list for a scheme whose IPv4 address cannot be told (the local-use NAT64 prefix), undefined
 * for a plain IPv6 address.
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4[] | undefined {
  const p = ip.parts as [number, number, number, number, number, number, number, number];
  switch (ip.range() as string) {
    case 'rfc6052': // NAT64: 64:ff9b::a.b.c.d; the local-use 64:ff9b:1::/48 maps as its operator chose.
      return p[2] === 0 ? [v4(p[6], p[7])] : [];
    case 'rfc6145': // IPv4-translated ::ffff:0:a.b.c.d
      return [v4(p[6], p[7])];
    case '6to4': // 2002:aabb:ccdd::/48 routes to a.b.c.d
      return [v4(p[1], p[2])];
    case 'teredo': // 2001:0:server:…:client, the client's address bit-inverted
      return [v4(p[2], p[3]), v4(~p[6] & 0xffff, ~p[7] & 0xffff)];
    default:
      // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks); :: and ::1 are their own ranges.
      return p.slice(0, 6).every((part) => part === 0) && p[6] !== 0 ? [v4(p[6], p[7])] : undefined;
  }
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
 * checked when resolved; IP literals, which skip resolution, are checked on each hop. Proxy
 * variables (HTTP_PROXY, HTTPS_PROXY) are ignored: a proxy resolves and connects by itself, out
 * of the guard's sight, so a guarded request goes out directly or not at all.
 */
export function publicOnlyRequestOptions(): {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  proxy: false;
  beforeRedirect: (options: Record<string, unknown>) => void;
} {
  return {
    httpAgent: new http.Agent({ lookup: publicLookup as never }),
    httpsAgent: new https.Agent({ lookup: publicLookup as never }),
    proxy: false,
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
