import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createChatClient } from '../../clients/model/chat-client.js';
import { createRateBudget, type RateBudget } from '../../clients/model/rate-budget.js';
import { useRedisPrefix } from '../helpers/redis.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';

const request = {
  step: 'write',
  messages: [{ role: 'user' as const, content: 'Bonjour' }],
  schemaName: 'article',
  schema: { type: 'object', properties: {}, required: [], additionalProperties: false },
};
const ANSWER = { answer: { ok: true }, usage: { prompt_tokens: 200, completion_tokens: 800 } };

let redis: Awaited<ReturnType<typeof useRedisPrefix>>;
const opened: Array<{ close(): Promise<void> }> = [];
before(async () => {
  redis = await useRedisPrefix();
});
after(async () => {
  for (const thing of opened) await thing.close();
  await redis.cleanup();
});

async function start(limit: NonNullable<Parameters<typeof startScriptedModel>[1]>['limit']): Promise<ScriptedModel> {
  const model = await startScriptedModel([], { limit, whenExhausted: ANSWER, latencyMs: 20 });
  opened.push(model);
  return model;
}

/** Two workers' model clients, each with its own Redis connection to one shared budget. */
function twoClients(model: ScriptedModel, budget: Omit<Parameters<typeof createRateBudget>[0], 'redisUrl' | 'prefix' | 'model'>, name: string) {
  return [1, 2].map(() => {
    // The margin covers a loaded machine, where a call can take a few hundred ms from budget to server.
    const shared: RateBudget = createRateBudget({ redisUrl: redis.redisUrl, prefix: redis.prefix, model: name, marginMs: 400, ...budget });
    opened.push(shared);
    // No retries in the SDK: a 429 would surface as a RateLimitedError and fail the call.
    return createChatClient({ apiKey: 'k', baseURL: model.baseURL, model: name, timeoutMs: 10_000, maxRetries: 0, maxTokens: 1_000, budget: shared });
  });
}

test('two clients sharing a requests budget through Redis pace their calls: all complete, none answered 429', async () => {
  const model = await start({ requests: 4, windowMs: 1_500 });
  const clients = twoClients(model, { requests: 4, windowMs: 1_500 }, 'rpm-model');
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => clients[i % 2]!.completeJson(request)));
  assert.equal(answers.length, 10);
  assert.equal(model.limited, 0);
  assert.equal(model.requests.length, 10);
});

test('a tokens budget paces calls by the tokens they are counted for', async () => {
  // Each answer costs 1 000 tokens; three fit in a window.
  const model = await start({ tokens: 3_000, windowMs: 1_500 });
  const clients = twoClients(model, { tokens: 3_300, windowMs: 1_500 }, 'tpm-model');
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => clients[i % 2]!.completeJson(request)));
  assert.equal(answers.length, 8);
  assert.equal(model.limited, 0);
});

test('without a configured budget, the provider\'s x-ratelimit headers pause every client until the reset', async () => {
  const model = await start({ requests: 3, windowMs: 1_500, headers: true });
  const clients = twoClients(model, { windowMs: 1_500 }, 'header-model');
  for (let i = 0; i < 8; i++) await clients[i % 2]!.completeJson(request);
  assert.equal(model.limited, 0);
  assert.equal(model.requests.length, 8);
});
