import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisConnection as Redis } from '../clients/redis/connect.js';
import { requestError } from '../errors/codes.js';
import { createSessionStore } from './sessions.js';
import { badRequest } from './bad-request.js';

export const SESSION_COOKIE = 'plume_session';
export const CSRF_HEADER = 'x-plume-csrf';
/** Wrong credentials one client address may send per window before it is refused outright. */
export const MAX_AUTH_FAILURES = 20;
const FAILURE_WINDOW_SECONDS = 60;

/** Methods a browser may send cross-site without a preflight but that change nothing here. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CredentialOptions {
  apiToken: string;
  /** Shared by every server process: sessions and failure counts live here. */
  redis: Redis;
  /** Redis key prefix (the queue's), so several Plumes can share one Redis. */
  keyPrefix: string;
}

export interface ApiAuthOptions extends CredentialOptions {
  /** The routes that need an authenticated caller, registered inside this plugin's scope. */
  routes: FastifyPluginAsync;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Behind a TLS proxy the socket is plain http; the header can only make the cookie stricter. */
function cookieOptions(request: FastifyRequest) {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https',
    path: '/',
  } as const;
}

/**
 * Whose failures a request counts against: its IPv4 address, or the /64 network of an IPv6 one
 * (one subscriber's share, whose addresses cost an attacker nothing to change).
 */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${(address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

function bearerToken(header: string): string {
  return /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
}

/**
 * Who may call what is behind authentication: a client sending `Authorization: Bearer
 * <PLUME_API_TOKEN>`, or the dashboard holding a session cookie (set by `POST /api/session` with
 * the token) plus, on requests that change something, the CSRF value it got at sign-in. Every
 * credential check spends one of the address's failure points first and gets it back on success,
 * so parallel guesses cannot outrun the count. Shared by `/api/*` and the operators' pages, so
 * they count the same failures and accept the same sessions.
 */
export function createCredentialCheck(options: CredentialOptions) {
  const sessions = createSessionStore(options.redis, options.keyPrefix);
  const failures = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.keyPrefix}:auth-failures`,
    points: MAX_AUTH_FAILURES,
    duration: FAILURE_WINDOW_SECONDS,
  });

  /** One failure point spent for this address, or the wait before it may try again. */
  async function reserve(request: FastifyRequest): Promise<{ retryAfterSeconds: number } | { refund(): Promise<unknown> }> {
    const key = clientKey(request.ip);
    try {
      await failures.consume(key);
      return { refund: () => failures.reward(key) };
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return { retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
    }
  }

  function tooMany(request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number) {
    request.log.info({ ip: request.ip, retryAfterSeconds }, 'authentication refused: too many failures from this address');
    return reply
      .status(429)
      .header('retry-after', String(retryAfterSeconds))
      .send(requestError('auth_rate_limited', { seconds: retryAfterSeconds }));
  }

  /** Logged without the credential itself (the logger also redacts the headers that carry it). */
  function refuse(request: FastifyRequest, reply: FastifyReply, reason: string) {
    request.log.warn({ ip: request.ip, method: request.method, route: request.routeOptions.url, reason }, 'authentication failed');
    if (request.cookies[SESSION_COOKIE] !== undefined) reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
    return reply
      .status(401)
      .header('www-authenticate', 'Bearer')
      .send(requestError('auth_required'));
  }

  /** An `onRequest` hook: the request goes on only with valid credentials. */
  async function check(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization;
    const cookie = request.cookies[SESSION_COOKIE];
    if (header === undefined && cookie === undefined) {
      request.log.info({ ip: request.ip, route: request.routeOptions.url }, 'request without credentials');
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send(requestError('auth_required'));
    }
    const attempt = await reserve(request);
    if ('retryAfterSeconds' in attempt) return tooMany(request, reply, attempt.retryAfterSeconds);
    // A bearer header is never sent by a browser on its own, so it needs no CSRF check.
    if (header !== undefined) {
      if (!sameSecret(bearerToken(header), options.apiToken)) return refuse(request, reply, 'wrong bearer token');
      await attempt.refund();
      return;
    }
    const session = await sessions.find(cookie!);
    if (!session) return refuse(request, reply, 'unknown or expired session');
    await attempt.refund();
    if (!SAFE_METHODS.has(request.method) && !sameSecret(request.headers[CSRF_HEADER] as string | undefined, session.csrf)) {
      request.log.warn({ ip: request.ip, method: request.method, route: request.routeOptions.url }, 'session request without its CSRF value');
      return reply.status(403).send(requestError('csrf_invalid'));
    }
  }

  return { sessions, reserve, tooMany, refuse, check };
}

/**
 * `/api/*` behind credentials (see createCredentialCheck). Encapsulated: the hook runs on the
 * routes matched here, whatever spelling of the URL reached them.
 */
export async function apiAuth(api: FastifyInstance, options: ApiAuthOptions): Promise<void> {
  await api.register(fastifyCookie);
  const { sessions, reserve, tooMany, refuse, check } = createCredentialCheck(options);

  api.post('/session', async (request, reply) => {
    const token = (request.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      return badRequest(reply, [{ field: 'token', code: 'field_required', message: 'expected the API token (PLUME_API_TOKEN)' }]);
    }
    const attempt = await reserve(request);
    if ('retryAfterSeconds' in attempt) return tooMany(request, reply, attempt.retryAfterSeconds);
    if (!sameSecret(token, options.apiToken)) return refuse(request, reply, 'wrong token at sign-in');
    await attempt.refund();
    const { id, session } = await sessions.create();
    return reply
      .status(201)
      .setCookie(SESSION_COOKIE, id, { ...cookieOptions(request), maxAge: sessions.ttlSeconds })
      .send({ csrf: session.csrf });
  });

  await api.register(async (secured) => {
    secured.addHook('onRequest', check);

    /** The dashboard, reloaded, gets its CSRF value back (the cookie alone cannot be read by scripts). */
    secured.get('/session', async (request) => {
      const cookie = request.cookies[SESSION_COOKIE];
      const session = cookie === undefined ? undefined : await sessions.find(cookie);
      return { csrf: session?.csrf ?? null };
    });

    secured.delete('/session', async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie !== undefined) await sessions.destroy(cookie);
      return reply.status(204).clearCookie(SESSION_COOKIE, cookieOptions(request)).send();
    });

    await secured.register(options.routes);
  });
}

/**
 * Pages outside `/api` behind the same credentials (the operators' queue view, the API
 * reference): `register` adds its routes to a scope whose every request is checked first.
 */
export async function registerBehindCredentials(
  app: FastifyInstance,
  options: CredentialOptions,
  register: (scope: FastifyInstance) => Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyCookie);
    scope.addHook('onRequest', createCredentialCheck(options).check);
    await register(scope);
  });
}
