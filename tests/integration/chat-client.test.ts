import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createChatClient } from '../../clients/model/chat-client.js';
import { PermanentError, RateLimitedError, TransientError } from '../../errors/index.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';

let model: ScriptedModel;
before(async () => {
  model = await startScriptedModel();
});
after(() => model.close());

const client = (overrides: Partial<Parameters<typeof createChatClient>[0]> = {}) =>
  createChatClient({ apiKey: 'test-key', baseURL: model.baseURL, model: 'scripted-1', timeoutMs: 2_000, maxRetries: 0, maxTokens: 4_000, ...overrides });

const request = {
  step: 'write',
  messages: [{ role: 'user' as const, content: 'Bonjour' }],
  schemaName: 'article',
  schema: { type: 'object', properties: {}, required: [], additionalProperties: false },
};

test('sends a strict json_schema request and returns content, finish reason and usage', async () => {
  model.push({ answer: { ok: true }, usage: { prompt_tokens: 10, completion_tokens: 5 } });
  const answer = await client().completeJson(request);
  assert.deepEqual(JSON.parse(answer.content), { ok: true });
  assert.equal(answer.finishReason, 'stop');
  assert.deepEqual(answer.usage, { prompt: 10, completion: 5, total: 15 });
  const sent = model.requests.at(-1)!;
  assert.equal(sent.body.model, 'scripted-1');
  assert.equal(sent.body.response_format?.type, 'json_schema');
  assert.equal(sent.body.response_format?.json_schema?.strict, true);
  assert.equal(sent.headers.authorization, 'Bearer test-key');
});

test('reports a cut answer through finish_reason, not as success text', async () => {
  model.push({ answer: '{"title": "Cou', finishReason: 'length' });
  const answer = await client().completeJson(request);
  assert.equal(answer.finishReason, 'length');
});

test('429 with Retry-After becomes a RateLimitedError carrying the wait', async () => {
  model.push({ status: 429, retryAfter: '7' });
  await assert.rejects(client().completeJson(request), (e: unknown) => {
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryAfterMs, 7_000);
    assert.equal(e.step, 'write');
    return true;
  });
});

test('the SDK retries a 429 itself when allowed, honouring Retry-After', async () => {
  const before = model.requests.length;
  model.push({ status: 429, retryAfter: '0' }, { answer: { ok: 1 } });
  const answer = await client({ maxRetries: 1 }).completeJson(request);
  assert.deepEqual(JSON.parse(answer.content), { ok: 1 });
  assert.equal(model.requests.length - before, 2);
});

test('500 and timeouts are transient; 401 is permanent and names the key', async () => {
  model.push({ status: 500 });
  await assert.rejects(client().completeJson(request), TransientError);
  model.push({ hang: true });
  await assert.rejects(client({ timeoutMs: 300 }).completeJson(request), (e: unknown) => {
    assert.ok(e instanceof TransientError);
    assert.match(e.message, /OPENAI_TIMEOUT_MS/);
    return true;
  });
  model.push({ status: 401, message: 'bad key' });
  await assert.rejects(client().completeJson(request), (e: unknown) => {
    assert.ok(e instanceof PermanentError);
    assert.match(e.message, /OPENAI_API_KEY/);
    return true;
  });
});

test('an unreachable endpoint is transient and names OPENAI_BASE_URL', async () => {
  await assert.rejects(client({ baseURL: 'http://127.0.0.1:9/v1' }).completeJson(request), (e: unknown) => {
    assert.ok(e instanceof TransientError);
    assert.match(e.message, /OPENAI_BASE_URL/);
    return true;
  });
});

test('a malformed HTTP body (a proxy page, cut JSON) is a transient failure, not an answer', async () => {
  model.push({ rawBody: '{"id": "chatcmpl-1", "choices": [{"message": {"content": "{\\"title' });
  await assert.rejects(client().completeJson(request), (e: unknown) => {
    assert.ok(e instanceof TransientError, String(e));
    assert.equal(e.step, 'write');
    return true;
  });
});

test('the answer size goes as max_tokens, or as max_completion_tokens for endpoints that ask for it', async () => {
  const chat = client();
  model.push(
    { status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." },
    { answer: { ok: 1 } },
    { answer: { ok: 2 } },
  );
  const start = model.requests.length;
  assert.deepEqual(JSON.parse((await chat.completeJson(request)).content), { ok: 1 });
  assert.deepEqual(JSON.parse((await chat.completeJson(request)).content), { ok: 2 });
  const sent = model.requests.slice(start).map((r) => [r.body.max_tokens, r.body.max_completion_tokens]);
  assert.deepEqual(sent, [[4_000, undefined], [undefined, 4_000], [undefined, 4_000]]);
});

test('another 400 is permanent and not retried', async () => {
  const start = model.requests.length;
  model.push({ status: 400, message: 'response_format json_schema is not supported' });
  await assert.rejects(client().completeJson(request), (e: unknown) => {
    assert.ok(e instanceof PermanentError, String(e));
    assert.match(e.message, /needs Structured Outputs .*OPENAI_MODEL/);
    return true;
  });
  assert.equal(model.requests.length - start, 1);
});
