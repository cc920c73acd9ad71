import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../config/index.js';
import { runArticleJob } from '../../jobs/article/run.js';
import { sourceKey } from '../../jobs/article/source-key.js';
import { buildArticleJobDeps } from '../../worker/build-deps.js';
import { launchChromium } from '../helpers/chromium.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startStaticServer, TINY_PNG } from '../helpers/static-server.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

let wp: WordPressServer;
let model: ScriptedModel;
let files: Awaited<ReturnType<typeof startStaticServer>>;
let browser: Browser;

before(async () => {
  wp = await startWordPress({ name: 'editor' });
  model = await startScriptedModel();
  files = await startStaticServer({ '/lavrov.png': { type: 'image/png', body: TINY_PNG } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await files?.close();
  await model?.close();
  await wp?.stop();
});

test('a Plume draft opens in the block editor with every block valid', async () => {
  const deps = buildArticleJobDeps(loadConfig({ ...servicesEnv(model, wp), PLUME_MAX_REPAIRS: '0' }, ['worker']));
  await deps.wordpress.posts.create({ title: 'Lavrov en Corée du Nord : les précédents', content: '<p>Lavrov en Corée du Nord.</p>', status: 'publish' });
  model.push({ answer: articleFixture('revised') });
  const payload = {
    text: fixture('lavrov-pyongyang.fr.txt'),
    url: 'https://www.example-news.fr/monde/lavrov-pyongyang',
    image_url: `${files.url}/lavrov.png`,
  };
  const result = await runArticleJob(
    { data: { payload, sourceKey: sourceKey(payload), enqueuedAt: new Date().toISOString() }, save: async () => {}, progress: async () => {}, assertOwned: async () => {}, savedState: async () => undefined, retryLeft: () => true },
    deps,
  );

  const page = await browser.newPage();
  try {
    await page.goto(`${wp.url}/wp-login.php`);
    await page.fill('#user_login', wp.username);
    await page.fill('#user_pass', readFileSync(join(wp.stateDir, 'admin-password'), 'utf8').trim());
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
    await page.goto(result.edit_url);
    await page.waitForFunction(
      () => ((window as any).wp?.data?.select('core/block-editor')?.getBlocks() ?? []).length > 0,
      undefined,
      { timeout: 60_000 },
    );
    const blocks: Array<{ name: string; isValid: boolean }> = await page.evaluate(() =>
      (window as any).wp.data.select('core/block-editor').getBlocks().map((b: any) => ({ name: b.name, isValid: b.isValid })),
    );
    const invalid = blocks.filter((b) => !b.isValid);
    assert.deepEqual(invalid, [], `invalid blocks: ${JSON.stringify(invalid)}`);
    const count = (name: string) => blocks.filter((b) => b.name === name).length;
    assert.equal(count('core/heading'), 7, 'seven H2 sections');
    assert.equal(count('core/image'), 1, 'the featured image in the content');
    assert.ok(count('core/paragraph') > 10, 'paragraph blocks');
    assert.equal(count('core/freeform') + count('core/missing'), 0, 'no classic or unknown block');
  } finally {
    await page.close();
  }
});
