/**
 * What REDIS_URL names: one Redis, a Sentinel set guarding a master, or a Cluster. ioredis
 * reaches all three, but only a single server has a standard URL, so the two others get a
 * form of their own, with every node listed:
 *
 *   redis://[user:password@]host:port[/db]            (rediss:// for TLS)
 *   redis+sentinel://[user:password@]host:port,host:port/master-name[/db]
 *   redis+cluster://[user:password@]host:port,host:port
 *
 * (`rediss+sentinel://`, `rediss+cluster://` for TLS.) The password is the data nodes'; for
 * Sentinel it is also sent to the sentinels, which most setups protect with the same one.
 */
export interface RedisNode {
  host: string;
  port: number;
}

interface Credentials {
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
}

export type RedisTarget =
  | ({ kind: 'standalone'; url: string } & Credentials)
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; masterName: string; db: number } & Credentials)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & Credentials);

export const REDIS_URL_FORMS =
  'redis://host:port, rediss://…, redis+sentinel://host:port,host:port/master-name or redis+cluster://host:port,host:port';

export class RedisUrlError extends Error {
  constructor(message: string) {
    super(`${message} (expected ${REDIS_URL_FORMS})`);
    this.name = 'RedisUrlError';
  }
}

function parseNode(text: string): RedisNode {
  // [::1]:26379, host:26379, or a bare host (the default port of its kind is not guessed: say it).
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65_535) throw new RedisUrlError(`"${text}" is not host:port`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

function parseDb(text: string | undefined, where: string): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d{1,2}$/.test(text)) throw new RedisUrlError(`${where}: database "${text}" is not a number`);
  return Number(text);
}

/** Parses REDIS_URL; throws `RedisUrlError` saying what is wrong with it. */
export function parseRedisUrl(text: string): RedisTarget {
  const value = text.trim();
  const scheme = /^([a-z+]+):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'redis' || scheme === 'rediss') {
    if (!URL.canParse(value) || !new URL(value).hostname) throw new RedisUrlError('not a valid URL');
    const url = new URL(value);
    return {
      kind: 'standalone',
      url: value,
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      tls: scheme === 'rediss',
    };
  }
  const kind = scheme?.replace(/^rediss?\+/, '');
  if (!scheme || !/^rediss?\+(sentinel|cluster)$/.test(scheme) || (kind !== 'sentinel' && kind !== 'cluster')) {
    throw new RedisUrlError(scheme ? `unknown scheme "${scheme}://"` : 'no scheme');
  }
  // Not `new URL`: a list of hosts is not a URL authority.
  const rest = value.slice(scheme.length + 3);
  const at = rest.lastIndexOf('@', rest.indexOf('/') === -1 ? rest.length : rest.indexOf('/'));
  const userinfo = at === -1 ? '' : rest.slice(0, at);
  const [hostList = '', ...path] = (at === -1 ? rest : rest.slice(at + 1)).split('/');
  const colon = userinfo.indexOf(':');
  const username = colon === -1 ? userinfo : userinfo.slice(0, colon);
  const password = colon === -1 ? '' : userinfo.slice(colon + 1);
  const credentials: Credentials = {
    username: username ? decodeURIComponent(username) : undefined,
    password: password ? decodeURIComponent(password) : undefined,
    tls: scheme.startsWith('rediss'),
  };
  const nodes = hostList.split(',').filter((node) => node !== '').map(parseNode);
  if (nodes.length === 0) throw new RedisUrlError(`${scheme}:// lists no host:port`);
  if (kind === 'cluster') {
    if (path.some((part) => part !== '')) throw new RedisUrlError('a Redis Cluster has no master name or database: nothing may follow the hosts');
    return { kind, nodes, ...credentials };
  }
  const masterName = path[0] ? decodeURIComponent(path[0]) : '';
  if (!masterName) throw new RedisUrlError(`${scheme}:// needs the master's name after the hosts, e.g. /mymaster`);
  if (path.length > 2) throw new RedisUrlError('only /master-name[/db] may follow the hosts');
  return { kind, sentinels: nodes, masterName, db: parseDb(path[1], scheme), ...credentials };
}

/**
 * BullMQ runs multi-key Lua scripts over a queue's keys: on a Cluster they must all hash to one
 * slot, which a `{…}` hash tag in the prefix ensures. Elsewhere the prefix is left as it is.
 */
export function queuePrefixFor(target: RedisTarget, prefix: string): string {
  if (target.kind !== 'cluster' || /\{[^}]+\}/.test(prefix)) return prefix;
  return `{${prefix}}`;
}
