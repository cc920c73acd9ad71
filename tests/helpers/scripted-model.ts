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
}

export interface ScriptedModel {
  /** `http://127.0.0.1:<port>/v1`, for OPENAI_BASE_URL. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Appends steps to the script. */
  push(...steps: ScriptStep[]): void;
  /** Answers the requests the script has no step for (after the script runs out), instead of a 500. */
  otherwise(answer: ((body: RecordedRequest['body']) => ScriptStep) | undefined): void;
  /** Forgets the script and the recorded requests, between tests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startScriptedModel(initial: ScriptStep[] = []): Promise<ScriptedModel> {
  const script = [...initial];
  const requests: RecordedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let fallback: ((body: RecordedRequest['body']) => ScriptStep) | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as RecordedRequest['body'];
      const step = script.shift() ?? fallback?.(body);
      const record: RecordedRequest = { body, headers: req.headers, answeredWith: step ?? 'exhausted', sent: false };
      requests.push(record);
      let hungUp = false;
      res.on('close', () => {
        hungUp = true;
      });
      const send = (status: number, headers: Record<string, string>, text: string) => {
        if (hungUp || res.destroyed) return;
        record.sent = true;
        res.writeHead(status, headers).end(text);
      };
      const later = (delayMs: number | undefined, action: () => void) => {
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
      const usage = step.usage ?? { prompt_tokens: 1200, completion_tokens: 1500 };
      later(step.delayMs, () =>
        send(
          200,
          { 'content-type': 'application/json' },
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
    push: (...steps) => void script.push(...steps),
    otherwise: (answer) => {
      fallback = answer;
    },
    reset: () => {
      fallback = undefined;
      script.length = 0;
      requests.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
