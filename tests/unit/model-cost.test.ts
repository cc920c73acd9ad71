import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callCost, priceOf } from '../../clients/model/cost.js';

const prices = {
  'gpt-4o': { input_per_1m: 2.5, output_per_1m: 10 },
  'gpt-4o-mini': { input_per_1m: 0.15, output_per_1m: 0.6 },
};

test('a dated model name takes the price of the longest name it starts with', () => {
  assert.equal(priceOf('gpt-4o-mini-2024-07-18', prices), prices['gpt-4o-mini']);
  assert.equal(priceOf('gpt-4o-2024-08-06', prices), prices['gpt-4o']);
  assert.equal(priceOf('gpt-4o', prices), prices['gpt-4o']);
  assert.equal(priceOf('mistral-large', prices), undefined);
  assert.equal(priceOf('constructor', prices), undefined);
});

test('a call costs its prompt and completion tokens at their prices; no price, no estimate', () => {
  assert.equal(callCost('gpt-4o', { prompt: 1_000_000, completion: 500_000, total: 1_500_000 }, prices), 7.5);
  assert.equal(callCost('llama3', { prompt: 10, completion: 10, total: 20 }, prices), undefined);
});
