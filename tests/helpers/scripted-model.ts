import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted OpenAI-compatible server on loopback: each POST /v1/chat/completions takes the
 * next step of the script. Tests drive the real `openai` SDK against it.
 */
export type ScriptStep =
  /** A chat completion whose message content is `content` (an object is JSON-encoded), sent after `delayMs`. */
  | { answer: unknown; finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number }; delayMs?: number }
  /** An HTTP error with an OpenAI-style error body, sent after `delayMs`. */
  | { status: number; message?: string; retryAfter?: string; delayMs?: number }
  /** Never answers: the client's timeout must fire. */
  | { hang: true }
  /** A 200 whose body is this text, verbatim (malformed JSON, HTML from a proxy…). */
  | { rawBody: string };

export interface RecordedRequest {
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    response_format?: { type: string; json_schema?: { name: string; strict: boolean; schema: unknown } };
    [key: string]: unknown;
  };
  headers: http.IncomingHttpHeaders;
  /** What the script answered (`exhausted` when the script had no step left). */
  answeredWith: ScriptStep | 'exhausted';
  /** True once the answer went out; false while delayed, and for good when the client hung up first. */
  sent: boolean;
  /** When it arrived (ms since the epoch). */
  at: number;
}

const DEFAULT_USAGE = { prompt_tokens: 1200, completion_tokens: 1500 };

/** Behaviour of the server as a whole, as a provider would have it. */
export interface ScriptedModelOptions {
  /** Every answer waits this long (model latency), on top of a step's own `delayMs`. */
  latencyMs?: number;
  /**
   * A provider's rate limit over a sliding window: beyond it, 429 with Retry-After, before the
   * script is consulted. Answers carry `x-ratelimit-remaining-*` / `x-ratelimit-reset-*` when
   * `headers` is set. Tokens are counted as the answer's usage.
   */
  limit?: { requests?: number; tokens?: number; windowMs: number; headers?: boolean };
  /** Answered when the script is empty (a benchmark's endless supply, chosen by request), instead of a 500. */
  whenExhausted?: ScriptStep | ((body: RecordedRequest['body']) => ScriptStep);
}

export interface ScriptedModel {
  /** `http://127.0.0.1:<port>/v1`, for OPENAI_BASE_URL. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Requests answered 429 because they were beyond `limit`. */
  readonly limited: number;
  /** Appends steps to the script. */
  push(...steps: ScriptStep[]): void;
  /** Answers the requests the script has no step for (after the script runs out), instead of a 500; called once per such request. */
  otherwise(answer: ((body: RecordedRequest['body']) => ScriptStep) | undefined): void;
  /** Forgets the script and the recorded requests, between tests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startScriptedModel(initial: ScriptStep[] = [], options: ScriptedModelOptions = {}): Promise<ScriptedModel> {
  const script = [...initial];
  const requests: RecordedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const exhausted = options.whenExhausted;
  const initialFallback = exhausted === undefined ? undefined : typeof exhausted === 'function' ? exhausted : () => exhausted;
  let fallback: ((body: RecordedRequest['body']) => ScriptStep) | undefined = initialFallback;
  // Answered requests inside the limit's window: when they arrived and the tokens they cost.
  const window: Array<{ at: number; tokens: number }> = [];
  let limited = 0;
  const usageOf = (step: ScriptStep | undefined) =>
    step && 'answer' in step ? (step.usage ?? DEFAULT_USAGE) : { prompt_tokens: 0, completion_tokens: 0 };
  /** Null when the request fits the limit (and is counted), else the wait until it would. */
  const overLimit = (tokens: number): { retryAfterMs: number } | null => {
    const limit = options.limit;
    if (!limit) return null;
    const now = Date.now();
    while (window.length > 0 && window[0]!.at <= now - limit.windowMs) window.shift();
    const used = window.reduce((sum, entry) => sum + entry.tokens, 0);
    const requestsFull = limit.requests !== undefined && window.length >= limit.requests;
    const tokensFull = limit.tokens !== undefined && used + tokens > limit.tokens;
    if (requestsFull || tokensFull) return { retryAfterMs: Math.max(1, window[0]!.at + limit.windowMs - now) };
    window.push({ at: now, tokens });
    return null;
  };
  const limitHeaders = (): Record<string, string> => {
    const limit = options.limit;
    if (!limit?.headers) return {};
    const now = Date.now();
    const reset = window.length > 0 ? `${Math.max(0, window[0]!.at + limit.windowMs - now)}ms` : '0s';
    const used = window.reduce((sum, entry) => sum + entry.tokens, 0);
    return {
      ...(limit.requests === undefined
        ? {}
        : { 'x-ratelimit-remaining-requests': String(limit.requests - window.length), 'x-ratelimit-reset-requests': reset }),
      ...(limit.tokens === undefined ? {} : { 'x-ratelimit-remaining-tokens': String(limit.tokens - used), 'x-ratelimit-reset-tokens': reset }),
    };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as RecordedRequest['body'];
      // The fallback is asked once per request (a test may count or judge requests in it).
      const planned = script[0] ?? fallback?.(body);
      const over = overLimit((({ prompt_tokens, completion_tokens }) => prompt_tokens + completion_tokens)(usageOf(planned)));
      if (over) {
        limited++;
        requests.push({ body, headers: req.headers, answeredWith: { status: 429 }, sent: true, at: Date.now() });
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': String(over.retryAfterMs), ...limitHeaders() });
        res.end(JSON.stringify({ error: { message: 'scripted model: rate limit reached', type: 'requests' } }));
        return;
      }
      const step = script.length > 0 ? script.shift() : planned;
      const record: RecordedRequest = { body, headers: req.headers, answeredWith: step ?? 'exhausted', sent: false, at: Date.now() };
      requests.push(record);
      const rateHeaders = limitHeaders();
      let hungUp = false;
      res.on('close', () => {
        hungUp = true;
      });
      const send = (status: number, headers: Record<string, string>, text: string) => {
        if (hungUp || res.destroyed) return;
        record.sent = true;
        res.writeHead(status, headers).end(text);
      };
      const later = (stepDelayMs: number | undefined, action: () => void) => {
        const delayMs = (stepDelayMs ?? 0) + (options.latencyMs ?? 0);
        if (!delayMs) return action();
        const timer = setTimeout(() => {
          timers.delete(timer);
          action();
        }, delayMs);
        timers.add(timer);
      };
      if (step === undefined) {
        record.sent = true;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'scripted model: script exhausted', type: 'server_error' } }));
        return;
      }
      if ('hang' in step) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if ('rawBody' in step) {
        record.sent = true;
        res.writeHead(200, { 'content-type': 'application/json' }).end(step.rawBody);
        return;
      }
      if ('status' in step) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
        const text = JSON.stringify({ error: { message: step.message ?? `scripted ${step.status}`, type: 'scripted' } });
        later(step.delayMs, () => send(step.status, headers, text));
        return;
      }
      const content = typeof step.answer === 'string' ? step.answer : JSON.stringify(step.answer);
      const usage = step.usage ?? DEFAULT_USAGE;
      later(step.delayMs, () =>
        send(
          200,
          { 'content-type': 'application/json', ...rateHeaders },
          JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model ?? 'scripted',
          choices: [
            { index: 0, message: { role: 'assistant', content }, finish_reason: step.finishReason ?? 'stop', logprobs: null },
          ],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
          }),
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get limited() {
      return limited;
    },
    push: (...steps) => void script.push(...steps),
    otherwise: (answer) => {
      fallback = answer;
    },
    reset: () => {
      fallback = initialFallback;
      script.length = 0;
      requests.length = 0;
      window.length = 0;
      limited = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
