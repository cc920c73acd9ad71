import OpenAI from 'openai';
import { PermanentError, RateLimitedError, TransientError, type PlumeError } from '../../errors/index.js';

/** When the endpoint gives no usable Retry-After, wait this long before asking again. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

/** Reads `retry-after-ms`, then `retry-after` (seconds or an HTTP date), as OpenAI and most proxies send them. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps what the `openai` SDK throws onto Plume's transient / permanent / rate-limited errors. */
export function toPlumeError(error: unknown, step: string, model: string): PlumeError {
  const context = { step, input: `model ${model}`, cause: error };
  if (error instanceof OpenAI.APIUserAbortError) {
    return new TransientError(`The model call was aborted before its answer (the worker is stopping or lost the job).`, { ...context, code: 'model_aborted' });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new TransientError(`The model endpoint did not answer in time (OPENAI_TIMEOUT_MS).`, { ...context, code: 'model_timeout' });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new TransientError(`The model endpoint could not be reached (OPENAI_BASE_URL): ${error.message}`, { ...context, code: 'model_unreachable' });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const detail = error.message;
    if (status === 429) {
      const wait = retryAfterMs(error.headers) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      return new RateLimitedError(`The model endpoint is rate limiting us; retry in ${Math.ceil(wait / 1000)} s: ${detail}`, {
        ...context,
        code: 'model_rate_limited',
        params: { seconds: Math.ceil(wait / 1000) },
        retryAfterMs: wait,
      });
    }
    if (status === 401 || status === 403) {
      return new PermanentError(`The model endpoint refused the API key (OPENAI_API_KEY): ${detail}`, { ...context, code: 'model_auth_refused' });
    }
    if (status === 404) {
      return new PermanentError(`The model endpoint does not know model "${model}" (OPENAI_MODEL, OPENAI_BASE_URL): ${detail}`, { ...context, code: 'model_unknown', params: { model } });
    }
    if (status === 408 || status === 409 || status >= 500) {
      return new TransientError(`The model endpoint failed (${status}): ${detail}`, { ...context, code: 'model_unavailable', params: { status } });
    }
    const hint = /response_format|json_schema|structured/i.test(detail)
      ? ' Plume needs Structured Outputs (response_format json_schema): choose a model and server that support it (OPENAI_MODEL, OPENAI_BASE_URL).'
      : '';
    return new PermanentError(`The model endpoint rejected the request (${status}): ${detail}.${hint}`, { ...context, code: 'model_request_rejected', params: { status } });
  }
  return new TransientError(`The model call failed: ${error instanceof Error ? error.message : String(error)}`, { ...context, code: 'model_call_failed' });
}
