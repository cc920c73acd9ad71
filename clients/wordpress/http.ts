import axios, { type AxiosResponse, type RawAxiosRequestHeaders } from 'axios';
import { z } from 'zod';
import { DEFAULT_WP_TIMEOUT_MS } from '../../config/defaults.js';
import { PermanentError, TransientError, type ErrorContext } from '../../errors/index.js';
import { errorAnswer, parseAnswer } from './answers.js';

export interface WordPressClientOptions {
  /** Site address, e.g. `https://example.com` or `https://example.com/blog` (WP_URL). */
  url: string;
  /** WP_USERNAME */
  username: string;
  /** An Application Password of that user (WP_APP_PASSWORD), with or without its spaces. */
  appPassword: string;
  /** Per request; 30 s by default. */
  timeoutMs?: number;
  /** Aborts the requests in flight (the worker is stopping or lost the job). */
  signal?: AbortSignal | undefined;
}

export interface RestRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** A REST route such as `/wp/v2/posts/12`. */
  route: string;
  params?: Record<string, unknown>;
  data?: unknown;
  headers?: RawAxiosRequestHeaders;
}

/** What a call is, for error messages: `step` like `wordpress.createPost`, `input` the route or post id. */
export interface RestCall {
  step: string;
  input: string;
}

export interface RestPage<Item> {
  items: Item[];
  totalPages: number;
}

/** A 4xx answer from WordPress, other than 401/403: a retry will not help. */
export class WordPressRestError extends PermanentError {
  /** WordPress's error code, e.g. `rest_invalid_param`, `term_exists` (`code` is Plume's). */
  readonly wpCode: string | undefined;
  readonly status: number;
  /** WordPress's `data` object, e.g. `{status: 400, term_id: 12}` for `term_exists`. */
  readonly data: unknown;

  constructor(message: string, context: Omit<ErrorContext, 'code' | 'params'> & { wpCode: string | undefined; status: number; data: unknown }) {
    super(message, { ...context, code: 'wordpress_rejected', params: { status: context.status, wp_code: context.wpCode ?? 'none' } });
    this.wpCode = context.wpCode;
    this.status = context.status;
    this.data = context.data;
  }
}

export interface WordPressHttp {
  readonly url: string;
  /** The answer as `answer` (answers.ts) reads it. */
  send<Answer extends z.ZodType>(call: RestCall, request: RestRequest, answer: Answer): Promise<z.output<Answer>>;
  /** A collection request, each item as `item` reads it, with WordPress's page count (X-WP-TotalPages). */
  sendPage<Item extends z.ZodType>(call: RestCall, request: RestRequest, item: Item): Promise<RestPage<z.output<Item>>>;
}

export function createWordPressHttp(options: WordPressClientOptions): WordPressHttp {
  const url = options.url.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) {
    throw new PermanentError(`WP_URL must be the http(s) address of the WordPress site, got "${options.url}".`, {
      code: 'wordpress_url_invalid',
      step: 'wordpress.configure',
      input: 'WP_URL',
    });
  }
  const instance = axios.create({
    baseURL: `${url}/`,
    auth: { username: options.username, password: options.appPassword },
    timeout: options.timeoutMs ?? DEFAULT_WP_TIMEOUT_MS,
    headers: { Accept: 'application/json' },
    // A redirect (http → https, another host) would turn a POST into a GET, and a create into a list.
    maxRedirects: 0,
    maxBodyLength: 64 * 1024 * 1024,
    maxContentLength: 64 * 1024 * 1024,
  });

  async function request(call: RestCall, req: RestRequest): Promise<AxiosResponse> {
    let response: AxiosResponse;
    try {
      response = await instance.request({
        method: req.method ?? 'GET',
        url: '',
        // `rest_route` rather than /wp-json/: works on sites without pretty permalinks.
        params: { rest_route: req.route, ...req.params },
        data: req.data,
        headers: req.headers,
        signal: options.signal,
      });
    } catch (error) {
      throw toPlumeError(error, call, options.username, url);
    }
    if (typeof response.data !== 'object' || response.data === null) {
      throw new PermanentError(
        `${call.step}: ${url} answered with something other than JSON (HTTP ${response.status}): is WP_URL the address of a WordPress site with its REST API on? A retry will not help.`,
        { code: 'wordpress_not_json', params: { status: response.status }, step: call.step, input: call.input },
      );
    }
    return response;
  }

  return {
    url,
    async send(call, req, answer) {
      return parseAnswer(answer, (await request(call, req)).data, call, req.route);
    },
    async sendPage(call, req, item) {
      const response = await request(call, req);
      return {
        items: parseAnswer(z.array(item), response.data, call, req.route),
        totalPages: Number(response.headers['x-wp-totalpages'] ?? 1),
      };
    },
  };
}

/** WordPress's error body: `{code, message, data: {status, ...}}`. */
function wordPressError(data: unknown): { code: string | undefined; message: string | undefined; data: unknown } {
  const body = errorAnswer.safeParse(data);
  return body.success ? { code: body.data.code, message: body.data.message, data: body.data.data } : { code: undefined, message: undefined, data: undefined };
}

/** Failures before any answer that a retry cannot mend: a wrong WP_URL or a bad certificate. */
const permanentCodes = /^(ENOTFOUND|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT)/;

function toPlumeError(error: unknown, call: RestCall, username: string, url: string): unknown {
  if (!axios.isAxiosError(error)) return error;
  const context = { step: call.step, input: call.input, cause: error };
  const response = error.response;

  if (response === undefined) {
    const code = error.code ?? 'no code';
    if (permanentCodes.test(code)) {
      return new PermanentError(`${call.step}: cannot reach WordPress at WP_URL=${url} (${code}: ${error.message}); fix WP_URL, a retry will not help.`, {
        ...context,
        code: 'wordpress_not_found',
        params: { reason: code },
      });
    }
    // Refused, reset, timed out: the server is down or busy.
    return new TransientError(`${call.step}: WordPress at ${url} did not answer (${code}: ${error.message}); a retry may help.`, { ...context, code: 'wordpress_unreachable', params: { reason: code } });
  }

  const status = response.status;
  const wp = wordPressError(response.data);
  const said =
    wp.code === undefined
      ? `HTTP ${status}, not a WordPress error: is WP_URL=${url} right?`
      : `HTTP ${status} ${wp.code}: ${wp.message ?? ''}`;

  if (status >= 300 && status < 400) {
    return new PermanentError(
      `${call.step}: ${url} redirects to ${String(response.headers['location'] ?? '?')}; set WP_URL to the site's final address. A retry will not help.`,
      { ...context, code: 'wordpress_redirect' },
    );
  }
  // 401: WordPress took the request as anonymous; a refused Application Password reads that way too.
  if (status === 401) {
    return new PermanentError(
      `${call.step}: WordPress refused the Application Password (${said}). Check WP_USERNAME (${username}) and WP_APP_PASSWORD (Users → Profile → Application Passwords); a retry will not help.`,
      { ...context, code: 'wordpress_auth_refused' },
    );
  }
  if (status === 403) {
    return new PermanentError(
      `${call.step}: WordPress user ${username} (WP_USERNAME) may not do this (${said}). Give the user the Editor or Administrator role, or check WP_USERNAME and WP_APP_PASSWORD; a retry will not help.`,
      { ...context, code: 'wordpress_forbidden' },
    );
  }
  // 408 and 429 say "later", not "never".
  if (status >= 500 || status === 408 || status === 429) {
    return new TransientError(`${call.step}: WordPress failed on ${call.input} (${said}); a retry may help.`, {
      ...context,
      code: 'wordpress_unavailable',
      params: { status },
    });
  }
  return new WordPressRestError(`${call.step}: WordPress rejected ${call.input} (${said}); a retry will not help.`, {
    ...context,
    wpCode: wp.code,
    status,
    data: wp.data,
  });
}
