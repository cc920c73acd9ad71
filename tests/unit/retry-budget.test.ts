import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetSpent, describeBudget, recordFailure, retryDelay } from '../../jobs/retry-budget.js';

const policy = { backoffMs: 1_000, backoffMaxMs: 60_000, budgetMs: 30 * 60_000 };

test('delays double from the first, stay under the cap, and keep half fixed, half random', () => {
  assert.equal(retryDelay(1, policy, () => 1), 1_000);
  assert.equal(retryDelay(1, policy, () => 0), 500);
  assert.equal(retryDelay(4, policy, () => 1), 8_000);
  assert.equal(retryDelay(50, policy, () => 1), 60_000);
  assert.equal(retryDelay(50, policy, () => 0), 30_000);
});

test('the budget counts from the first failure since the last progress', () => {
  const start = new Date('2026-01-01T10:00:00Z');
  const first = recordFailure(undefined, start);
  const later = recordFailure(first, new Date('2026-01-01T10:20:00Z'));
  assert.deepEqual(later, { since: start.toISOString(), failures: 2 });
  assert.equal(budgetSpent(later, policy, new Date('2026-01-01T10:29:59Z')), false);
  assert.equal(budgetSpent(later, policy, new Date('2026-01-01T10:30:00Z')), true);
  assert.equal(budgetSpent(undefined, policy, new Date('2030-01-01T00:00:00Z')), false, 'no failure since the last progress');
});

test('the budget is named in words an operator reads', () => {
  assert.equal(describeBudget(policy), '30 min');
  assert.equal(describeBudget({ ...policy, budgetMs: 1_500 }), '1.5 s');
});
