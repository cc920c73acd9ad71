import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WordPressClient } from '../../clients/wordpress/index.js';
import { DEFAULT_CATEGORY_TTL_MS, withSharedSiteFacts, type SiteFacts } from '../../worker/site-facts.js';

/** A job's client whose site answers are counted; `fail` makes the next user lookup fail. */
function jobClient(counts: { user: number; category: number }, state: { fail: boolean; category: number }): WordPressClient {
  return {
    site: {
      currentUserId: async () => {
        counts.user++;
        if (state.fail) throw new Error('WordPress down');
        return 7;
      },
      defaultCategoryId: async () => {
        counts.category++;
        return state.category;
      },
    },
  } as unknown as WordPressClient;
}

test("jobs of one process ask WordPress for Plume's user once, and again only after a failure", async () => {
  const counts = { user: 0, category: 0 };
  const state = { fail: true, category: 1 };
  const facts: SiteFacts = {};
  await assert.rejects(withSharedSiteFacts(jobClient(counts, state), facts).site.currentUserId(), /WordPress down/);
  state.fail = false;
  for (let job = 0; job < 3; job++) assert.equal(await withSharedSiteFacts(jobClient(counts, state), facts).site.currentUserId(), 7);
  assert.equal(counts.user, 2);
});

test('the default category is shared for a few minutes, then asked again', async () => {
  const counts = { user: 0, category: 0 };
  const state = { fail: false, category: 1 };
  const facts: SiteFacts = {};
  let clock = 0;
  const site = () => withSharedSiteFacts(jobClient(counts, state), facts, () => clock).site;
  assert.equal(await site().defaultCategoryId(), 1);
  state.category = 5;
  clock = DEFAULT_CATEGORY_TTL_MS - 1;
  assert.equal(await site().defaultCategoryId(), 1);
  clock = DEFAULT_CATEGORY_TTL_MS;
  assert.equal(await site().defaultCategoryId(), 5);
  assert.equal(counts.category, 2);
});
