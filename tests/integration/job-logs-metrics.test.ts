import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv, startPlume, TEST_API_TOKEN } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

const revised = articleFixture('revised');
const item = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-pyongyang' };
const OPENAI_KEY = 'sk-plume-test-0c6f1d2e9a7b4c3d8e5f';

let wp: WordPressServer;
let model: ScriptedModel;
before(async () => {
  wp = await startWordPress({ name: 'logs' });
  model = await startScriptedModel();
});
after(async () => {
  await model.close();
  await wp.stop();
});

test('a job that fails twice then lands: no secret in any log line, every job line names job, site and step; cost and Yoast scores reach /metrics', async () => {
  const proxy = await startFaultProxy(wp.url);
  const lines: string[] = [];
  const plume = await startPlume(
    {
      ...servicesEnv(model, { ...wp, url: proxy.url }),
      OPENAI_API_KEY: OPENAI_KEY,
      PLUME_MAX_REPAIRS: '0',
      PLUME_BACKOFF_MS: '100',
      PLUME_BACKOFF_MAX_MS: '200',
      // A dated model name takes the price of the name it starts with.
      OPENAI_MODEL: 'scripted-writer-2026-12-01',
      PLUME_MODEL_PRICES: JSON.stringify({ 'scripted-writer': { input_per_1m: 2.5, output_per_1m: 10 }, scripted: { input_per_1m: 99, output_per_1m: 99 } }),
      LOG_LEVEL: 'trace',
    },
    { write: (line: string) => void lines.push(line) },
  );
  try {
    // An error answer from the model, then one from WordPress: both errors are logged with their causes.
    model.push({ status: 500 }, { answer: revised, usage: { prompt_tokens: 3_000, completion_tokens: 1_500 } });
    proxy.failNext(1, 503, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
    const enqueued = await plume.api('POST', '/api/articles', item);
    assert.equal(enqueued.status, 202, JSON.stringify(enqueued.body));
    const job = await plume.waitForEnd(enqueued.body.id);
    assert.equal(job.state, 'completed', JSON.stringify(job.error));

    // The cost of the one answered call: 3,000 × 2.5 + 1,500 × 10 per million tokens.
    const expectedCost = (3_000 * 2.5 + 1_500 * 10) / 1_000_000;
    assert.ok(Math.abs(job.result.cost_usd - expectedCost) < 1e-12, `cost_usd ${job.result.cost_usd}`);
    assert.ok(Math.abs(job.result.model_calls[0].cost_usd - expectedCost) < 1e-12);
    const metrics = await (await fetch(`${plume.baseUrl}/metrics`)).text();
    const cost = Number(/plume_model_cost_usd_total\{model="scripted-writer-2026-12-01"\} (\S+)/.exec(metrics)?.[1]);
    assert.ok(Math.abs(cost - expectedCost) < 1e-12, `metric cost ${cost}`);
    assert.match(metrics, /plume_draft_yoast_score_count\{kind="seo"\} 1\n/);
    assert.equal(Number(/plume_draft_yoast_score_sum\{kind="seo"\} (\S+)/.exec(metrics)?.[1]), job.result.scores.seo);
    assert.equal(Number(/plume_draft_yoast_score_sum\{kind="readability"\} (\S+)/.exec(metrics)?.[1]), job.result.scores.readability);

    const secrets = {
      'WordPress Application Password': wp.appPassword,
      'WordPress Basic credentials': Buffer.from(`${wp.username}:${wp.appPassword}`).toString('base64'),
      'OpenAI API key': OPENAI_KEY,
      'API token': TEST_API_TOKEN,
    };
    const failed = lines.filter((line) => line.includes('attempt failed'));
    assert.ok(failed.length >= 2, `the two failures are logged: ${failed.length}`);
    for (const line of lines) {
      for (const [what, secret] of Object.entries(secrets)) assert.ok(!line.includes(secret), `${what} logged: ${line.slice(0, 400)}`);
    }
    const jobLines = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['job'] !== undefined);
    assert.ok(jobLines.length >= 6, `job lines: ${jobLines.length}`);
    for (const entry of jobLines.filter((e) => e['job'] === enqueued.body.id)) {
      assert.equal(typeof entry['step'], 'string', JSON.stringify(entry));
      assert.equal(entry['site'], new URL(proxy.url).host, JSON.stringify(entry));
    }
  } finally {
    await plume.close();
    await proxy.close();
  }
});
