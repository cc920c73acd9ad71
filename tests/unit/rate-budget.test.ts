import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateCallTokens, headerPauseMs, parseResetMs } from '../../clients/model/rate-budget.js';

test('reset durations read as OpenAI writes them, or as plain seconds; anything else is unknown', () => {
  assert.equal(parseResetMs('6m0s'), 360_000);
  assert.equal(parseResetMs('1.5s'), 1_500);
  assert.equal(parseResetMs('20ms'), 20);
  assert.equal(parseResetMs('1h2m'), 3_720_000);
  assert.equal(parseResetMs('12'), 12_000);
  assert.equal(parseResetMs('soon'), undefined);
  assert.equal(parseResetMs('5s later'), undefined);
  assert.equal(parseResetMs(null), undefined);
});

test('the headers pause calls only when no request is left, or fewer tokens than a call like this one', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  assert.equal(headerPauseMs(headers({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '2s' }), 1_000), 0);
  assert.equal(headerPauseMs(headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s' }), 1_000), 2_000);
  assert.equal(headerPauseMs(headers({ 'x-ratelimit-remaining-tokens': '5000', 'x-ratelimit-reset-tokens': '30s' }), 1_000), 0);
  assert.equal(headerPauseMs(headers({ 'x-ratelimit-remaining-tokens': '500', 'x-ratelimit-reset-tokens': '30s' }), 1_000), 30_000);
  assert.equal(headerPauseMs(headers({}), 1_000), 0);
  assert.equal(headerPauseMs(undefined, 1_000), 0);
});

test('a call is counted for its prompt (about four characters a token) and its answer limit', () => {
  assert.equal(estimateCallTokens([{ content: 'a'.repeat(400) }, { content: 'b'.repeat(4) }], 1_000), 1_101);
});
