import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { checkArticle, type CheckArticleInput } from '../../jobs/article/checks/check-article.js';
import { createCheckPool, type CheckPool } from '../../jobs/article/checks/check-pool.js';
import { applyTypography } from '../../jobs/article/typography.js';
import { renderArticle } from '../../jobs/article/render.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';

const SITE = 'https://site.test';
const source = { text: fixture('lavrov-pyongyang.fr.txt'), language: 'fr' };
const inputs: CheckArticleInput[] = (['first-draft', 'revised'] as const).map((name) => {
  const article = applyTypography(articleFixture(name));
  const { html } = renderArticle(article, {
    image: { url: `${SITE}/wp-content/uploads/lavrov.jpg`, alt: article.title },
    sourceUrl: 'https://www.example.org/lavrov-pyongyang',
    relatedPosts: [{ title: 'Kim Jong-un et Poutine à Vostochny', url: `${SITE}/kim-poutine-vostochny/` }],
  });
  return { article, html, source, permalink: `${SITE}/${article.slug}/` };
});
const four = [0, 1, 2, 3].map((i) => inputs[i % 2]!);

let pool: CheckPool;
before(async () => {
  pool = createCheckPool({ threads: 2 });
  // Threads load Yoast on their first check; measured runs start warm, as in a running worker.
  await Promise.all(inputs.map((input) => pool.check(input)));
});
after(() => pool.close());

/** The longest the event loop was held up while `work` ran, in ns. */
async function maxLoopDelay(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const turn = () => new Promise((resolve) => setTimeout(resolve, 20));
  histogram.enable();
  // The histogram samples on a timer: it must be ticking before the work starts and after it ends.
  await turn();
  await work();
  await turn();
  histogram.disable();
  return histogram.max;
}

test('the pool gives the same reports as checking in-process', async () => {
  const pooled = await Promise.all(inputs.map((input) => pool.check(input)));
  assert.deepEqual(pooled, inputs.map((input) => checkArticle(input)));
  assert.equal(pooled[1]!.passed, true);
});

test('with the pool, the event loop stays responsive while four checks run', async (t) => {
  const inProcess = await maxLoopDelay(async () => Promise.all(four.map(async (input) => checkArticle(input))));
  const pooled = await maxLoopDelay(() => Promise.all(four.map((input) => pool.check(input))));
  t.diagnostic(`max event-loop delay: in-process ${(inProcess / 1e6).toFixed(0)} ms, pool ${(pooled / 1e6).toFixed(0)} ms`);
  // A ratio of two measurements of the same run: in-process, the loop waits for whole checks.
  assert.ok(pooled * 5 < inProcess, `pool max delay ${pooled} ns is not far below in-process ${inProcess} ns`);
});

test('a check that throws in a thread rejects with its error, and the pool keeps working', async () => {
  await assert.rejects(pool.check({ ...inputs[0]!, article: undefined } as unknown as CheckArticleInput), TypeError);
  assert.equal((await pool.check(inputs[1]!)).passed, true);
});
