import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWordPressClient, type WordPressClient } from '../../clients/wordpress/index.js';
import { applyTypography } from '../../jobs/article/typography.js';
import { META } from '../../clients/wordpress/index.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startStaticServer } from '../helpers/static-server.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv, startPlume, TEST_API_TOKEN, type PlumeUnderTest } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

const revised = articleFixture('revised');
const sent = applyTypography(revised);
const lavrov = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-pyongyang' };

let wp: WordPressServer;
let wordpress: WordPressClient;
let model: ScriptedModel;
let plume: PlumeUnderTest | undefined;

const env = (overrides: Record<string, string> = {}) => ({
  ...servicesEnv(model, wp),
  // This file is about the path to WordPress; the quality gate has its own tests.
  PLUME_MAX_REPAIRS: '0',
  ...overrides,
});

/** Posts Plume could have written: every post but the installer's published "Hello world!". */
async function drafts() {
  return (await wp.query("SELECT ID, post_status FROM wp_posts WHERE post_type = 'post' AND post_status NOT IN ('publish', 'auto-draft')")).map(
    ([id, status]) => ({ id: Number(id), status }),
  );
}

before(async () => {
  wp = await startWordPress({ name: 'pipeline' });
  wordpress = createWordPressClient({ url: wp.url, username: wp.username, appPassword: wp.appPassword, timeoutMs: 10_000 });
  model = await startScriptedModel();
});
beforeEach(async () => {
  await wp.reset();
  model.reset();
});
after(async () => {
  await plume?.close();
  await model.close();
  await wp.stop();
});

/** What the API shows of a failed job names the step and the cause, never WordPress's address or user. */
async function assertHidesWordPress(p: PlumeUnderTest, job: { id: string; error: { step: string } }, wordpressUrl = wp.url) {
  assert.ok(job.error.step, 'the step is named');
  const { host, port } = new URL(wordpressUrl);
  const shown = JSON.stringify([job, (await p.api('GET', `/api/articles/${job.id}`)).body, (await p.api('GET', '/api/articles?state=failed')).body]);
  for (const hidden of [wordpressUrl, host, `:${port}`]) assert.ok(!shown.includes(hidden), `the API shows ${hidden}: ${shown}`);
  assert.doesNotMatch(shown, new RegExp(`(?<![\\w-])${wp.username}(?![\\w-])`), 'the API shows the WordPress user');
}

async function restart(overrides: Record<string, string> = {}) {
  await plume?.close();
  plume = await startPlume(env(overrides));
  return plume;
}

describe('a news item becomes one WordPress draft', () => {
  test('the reference article ends as a draft whose every field reads back as sent', async () => {
    const p = await restart();
    model.push({ answer: revised });
    const enqueued = await p.api('POST', '/api/articles', { ...lavrov, category: 'Monde', tags: ['Diplomatie'] });
    assert.equal(enqueued.status, 202);
    assert.deepEqual(Object.keys(enqueued.body).sort(), ['duplicate', 'id', 'status_url']);
    assert.equal(enqueued.body.status_url, `/api/articles/${enqueued.body.id}`);

    const job = await p.waitForEnd(enqueued.body.id);
    assert.equal(job.state, 'completed', JSON.stringify(job.error));
    const { result } = job;
    for (const key of ['post_id', 'edit_url', 'slug', 'focus_keyword', 'word_count']) assert.ok(result[key], key);
    assert.equal(result.slug, revised.slug);
    assert.equal(result.focus_keyword, revised.focus_keyword);
    assert.ok(result.word_count >= 700);
    assert.match(result.edit_url, new RegExp(`^${wp.url}/wp-admin/post\\.php\\?post=${result.post_id}&action=edit$`));
    assert.equal(result.calls, 1);
    assert.ok(result.tokens.total > 0);

    const post = await wordpress.posts.get(result.post_id);
    assert.equal(post.status, 'draft');
    assert.equal(post.title.raw, sent.title);
    assert.equal(post.slug, revised.slug);
    assert.equal(post.excerpt.raw, sent.excerpt);
    assert.equal(post.content.raw.match(/<!-- wp:heading -->/g)?.length, 7);
    for (const section of sent.sections) assert.ok(post.content.raw.includes(`<h2>${section.heading}</h2>`), section.heading);
    assert.ok(post.content.raw.includes(sent.sections[0]!.paragraphs[0]!));
    assert.equal(post.meta[META.plumeFocusKeyword], sent.focus_keyword);
    assert.equal(post.meta[META.plumeSeoTitle], sent.seo_title);
    assert.equal(post.meta[META.plumeMetaDescription], sent.meta_description);
    // The test site runs no SEO plugin: no plugin's meta is written, and the result says so.
    assert.equal(post.meta[META.yoastFocusKeyword] ?? '', '');
    assert.deepEqual(job.result.seo_plugins, []);
    assert.equal(post.meta[META.sourceKey], enqueued.body.id);
    assert.equal(post.categories.length, 1);
    assert.ok(post.tags.length >= revised.tags.length + 1);
    assert.equal((await drafts()).length, 1);

    const health = await fetch(`${p.baseUrl}/health`);
    assert.equal(health.status, 200);
    assert.equal((await health.json()).redis, 'ok');
    const metrics = await (await fetch(`${p.baseUrl}/metrics`)).text();
    assert.match(metrics, /plume_jobs_finished_total\{outcome="(clean|needs_review)"\} 1/);
    assert.match(metrics, /plume_model_tokens_total\{model="[^"]+",kind="completion"\} [1-9]/);
    assert.match(metrics, /plume_model_calls_total\{model="[^"]+",outcome="ok"\} 1/);
    assert.match(metrics, /plume_step_duration_seconds_count\{step="write"\} 1/);
    assert.match(metrics, /plume_wordpress_call_seconds_count\{operation="posts.saveDraft",outcome="ok"\} 1/);

    // The same source again: the first job, no new model call, still one draft.
    const again = await p.api('POST', '/api/articles', { ...lavrov, text: `  ${lavrov.text}\n` });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, enqueued.body.id);
    assert.equal(again.body.duplicate, true);
    assert.equal(model.requests.length, 1);
  });

  test('the same text enqueued twice, even with other spacing, is one job and one draft', async () => {
    const p = await restart();
    model.push({ answer: revised }, { answer: revised });
    const first = await p.api('POST', '/api/articles', { text: lavrov.text });
    const second = await p.api('POST', '/api/articles', { text: lavrov.text.replace(/ /g, '  ') + '\n\n' });
    assert.equal(second.body.id, first.body.id);
    assert.equal((await p.waitForEnd(first.body.id)).state, 'completed');
    assert.equal(model.requests.length, 1);
    assert.equal((await drafts()).length, 1);
  });

  test('WordPress failing with 500, then back: the job retries without a second model call', async () => {
    const proxy = await startFaultProxy(wp.url);
    try {
      const p = await restart({ WP_URL: proxy.url });
      // First the search for related posts, right after the model answered, then the draft's creation, twice.
      proxy.failNext(1, 500, (r) => r.method === 'GET' && r.route === '/wp/v2/posts');
      proxy.failNext(2, 500, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
      model.push({ answer: revised });
      const { body } = await p.api('POST', '/api/articles', lavrov);
      const job = await p.waitForEnd(body.id);
      assert.equal(job.state, 'completed', JSON.stringify(job.error));
      assert.equal(job.attempts, 4, 'three failed attempts, then the one that created the draft');
      assert.equal(model.requests.length, 1, 'the rewrite is kept across retries');
      assert.equal(proxy.seen.filter((s) => s === 'POST /plume/v1/drafts').length, 3);
      assert.equal((await drafts()).length, 1);
    } finally {
      await proxy.close();
    }
  });

  test('a 401 from WordPress fails the job with a message naming the credentials', async () => {
    const p = await restart({ WP_APP_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx' });
    model.push({ answer: revised });
    const { body } = await p.api('POST', '/api/articles', lavrov);
    const job = await p.waitForEnd(body.id);
    assert.equal(job.state, 'failed');
    assert.match(job.error.message, /WP_USERNAME|WP_APP_PASSWORD/);
    assert.equal(job.error.retryable, false);
    assert.equal(job.attempts, 1, 'a permanent failure is not retried');
    assert.equal(model.requests.length, 1);
    assert.equal((await drafts()).length, 0);
    await assertHidesWordPress(p, job);
  });

  test('a WordPress that cannot be reached fails the job without showing its address', async () => {
    const closed = await startStaticServer({});
    await closed.close();
    const p = await restart({ WP_URL: closed.url, PLUME_RETRY_BUDGET_MS: '1000' });
    model.push({ answer: revised });
    const { body } = await p.api('POST', '/api/articles', lavrov);
    const job = await p.waitForEnd(body.id);
    assert.equal(job.state, 'failed');
    assert.match(job.error.message, /\[WordPress\] did not answer/);
    assert.equal(job.error.retryable, true);
    await assertHidesWordPress(p, job, closed.url);
  });

  test('a keyphrase imposed by the editor reaches the prompt and the SEO meta', async () => {
    const p = await restart();
    model.push({ answer: revised });
    const { body } = await p.api('POST', '/api/articles', { ...lavrov, focus_keyword: 'Lavrov à Pyongyang' });
    const job = await p.waitForEnd(body.id);
    assert.equal(job.state, 'completed', JSON.stringify(job.error));
    const prompt = model.requests[0]!.body.messages!.map((m) => m.content).join('\n');
    assert.match(prompt, /Expression clé imposée : Lavrov à Pyongyang/);
    assert.match(prompt, /La rédaction impose l’expression clé « Lavrov à Pyongyang »/);
    const post = await wordpress.posts.get(job.result.post_id);
    assert.equal(post.meta[META.plumeFocusKeyword], 'Lavrov à Pyongyang');
    assert.equal(job.result.focus_keyword, 'Lavrov à Pyongyang');
  });

  test('an image that cannot be fetched does not cost the article: the draft goes without it, with a warning', async () => {
    const p = await restart();
    model.push({ answer: revised });
    const { body } = await p.api('POST', '/api/articles', { ...lavrov, image_url: `${wp.url}/wp-content/uploads/no-such-image.png` });
    const job = await p.waitForEnd(body.id);
    assert.equal(job.state, 'completed', JSON.stringify(job.error));
    assert.match(job.result.warnings[0], /^Image not used: .*no-such-image\.png/);
    const post = await wordpress.posts.get(job.result.post_id);
    assert.equal(post.featured_media, 0);
    assert.doesNotMatch(post.content.raw, /wp:image|no-such-image/);
  });

  test('an image host that keeps failing is tried PLUME_IMAGE_TRIES times, then the draft goes without it, long before the retry budget ends', async () => {
    const images = await startStaticServer({ '/busy.png': { type: 'text/plain', body: 'busy', status: 503 } });
    try {
      // The default 30-minute retry budget: the article must not wait for it.
      const p = await restart({ PLUME_IMAGE_TRIES: '3', PLUME_BACKOFF_MS: '200' });
      model.push({ answer: revised });
      const { body } = await p.api('POST', '/api/articles', { ...lavrov, image_url: `${images.url}/busy.png` });
      const job = await p.waitForEnd(body.id);
      assert.equal(job.state, 'completed', JSON.stringify(job.error));
      assert.equal(job.attempts, 3, 'three tries at the image, then done without it');
      assert.equal(images.hits.length, 3);
      assert.match(job.result.warnings[0], /^Image not used: .*busy\.png/);
      assert.equal(job.error, undefined, 'a completed job shows no error');
      assert.equal(model.requests.length, 1);
      assert.equal((await wordpress.posts.get(job.result.post_id)).featured_media, 0);
    } finally {
      await images.close();
    }
  });

  test('an image host that never answers is given PLUME_IMAGE_TIMEOUT_MS a try, not the WordPress timeout, then the draft goes without it', async () => {
    const images = await startStaticServer({ '/hangs.png': { type: 'image/png', body: '', hang: true } });
    try {
      // Each try is cut at the image's own 1 s, not at WordPress's 30 s.
      const p = await restart({ PLUME_IMAGE_TRIES: '2', PLUME_IMAGE_TIMEOUT_MS: '1000', PLUME_BACKOFF_MS: '200', WP_TIMEOUT_MS: '30000' });
      model.push({ answer: revised });
      const { body } = await p.api('POST', '/api/articles', { ...lavrov, image_url: `${images.url}/hangs.png` });
      const job = await p.waitForEnd(body.id, 180_000);
      assert.equal(job.state, 'completed', JSON.stringify(job.error));
      assert.equal(job.attempts, 2, 'two tries at the image, then done without it');
      assert.equal(images.hits.length, 2);
      assert.match(job.result.warnings[0], /^Image not used: .*hangs\.png did not answer within 1000 ms \(PLUME_IMAGE_TIMEOUT_MS\)/);
      assert.equal(model.requests.length, 1, 'the second try did not pay for the article again');
      assert.equal((await wordpress.posts.get(job.result.post_id)).featured_media, 0);
    } finally {
      await images.close();
    }
  });

  test('a model rate limit (429 + Retry-After) delays the job without failing it', async () => {
    const p = await restart();
    model.push({ status: 429, retryAfter: '1' }, { answer: revised });
    const { body } = await p.api('POST', '/api/articles', lavrov);
    const job = await p.waitForEnd(body.id);
    assert.equal(job.state, 'completed', JSON.stringify(job.error));
    assert.equal(model.requests.length, 2);
    assert.equal(job.attempts, 1, 'rate limiting spends no attempt');
  });
});

describe('the HTTP API refuses what it cannot use', () => {
  test('bad requests get 400 naming the field; no token gets 401; unknown id 404', async () => {
    const p = await restart();
    const cases: Array<[unknown, string]> = [
      [{}, 'text'],
      [{ text: 'trop court' }, 'text'],
      [{ text: lavrov.text, html: '<p>x</p>'.repeat(40) }, 'html'],
      [{ text: lavrov.text, url: 'pas une adresse' }, 'url'],
      [{ text: lavrov.text, tags: 'monde' }, 'tags'],
      [{ text: lavrov.text, language: 'français' }, 'language'],
      [{ text: lavrov.text, tag: ['x'] }, 'tag'],
      [[1, 2], '(body)'],
    ];
    for (const [payload, field] of cases) {
      const response = await p.api('POST', '/api/articles', payload);
      assert.equal(response.status, 400, JSON.stringify(payload).slice(0, 80));
      assert.ok(
        response.body.issues.some((i: { field: string }) => i.field === field),
        `${field} named in ${JSON.stringify(response.body)}`,
      );
      assert.equal(response.body.code, 'validation_failed');
      assert.ok(response.body.issues.every((i: { code?: unknown }) => typeof i.code === 'string'), 'every issue has a code');
    }
    const notJson = await fetch(`${p.baseUrl}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' },
      body: '{"text": ',
    });
    assert.equal(notJson.status, 400);
    assert.equal((await p.api('POST', '/api/articles', { text: lavrov.text }, 'wrong-token')).status, 401);
    assert.equal((await fetch(`${p.baseUrl}/api/articles/x`)).status, 401);
    for (const disguised of ['/%61pi/articles', '/api/%61rticles', '/api//articles']) {
      assert.equal((await fetch(`${p.baseUrl}${disguised}`)).status === 200, false, `${disguised} without a token`);
    }
    const disguisedPost = await fetch(`${p.baseUrl}/%61pi/articles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: lavrov.text }) });
    assert.equal(disguisedPost.status, 401);
    assert.equal((await p.api('GET', '/api/articles/src-unknown')).status, 404);
    assert.equal((await p.api('GET', '/api/articles')).body.articles.length, 0, 'nothing was enqueued');
    assert.equal(model.requests.length, 0);
  });
});

describe('start-up checks', () => {
  const start = (envOverrides: Record<string, string | undefined>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'worker/main.ts', '--with-server'], {
      env: { PATH: process.env.PATH, ...envOverrides } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 30_000,
    });

  test('bad configuration stops start-up with a message naming each variable', () => {
    const run = start({ OPENAI_API_KEY: 'k', WP_URL: 'not-a-url', PORT: 'eighty', PLUME_API_TOKEN: 'short' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /WP_URL: expected the http\(s\) address/);
    assert.match(run.stderr, /WP_USERNAME: required/);
    assert.match(run.stderr, /WP_APP_PASSWORD: required/);
    assert.match(run.stderr, /PORT: expected a whole number/);
    assert.match(run.stderr, /PLUME_API_TOKEN: expected at least 32 characters.*openssl rand -hex 32/);
  });

  test('the server alone refuses the token the compose file once defaulted to', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, PLUME_API_TOKEN: 'change-me-to-a-long-random-token', PORT: '39124' } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /PLUME_API_TOKEN: .*openssl rand -hex 32/);
  });

  test('a wrong Application Password stops start-up and names it', () => {
    const run = start({
      OPENAI_API_KEY: 'k',
      WP_URL: wp.url,
      WP_USERNAME: wp.username,
      WP_APP_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx',
      PLUME_API_TOKEN: TEST_API_TOKEN,
      PORT: '39123',
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /Cannot start Plume: .*WP_APP_PASSWORD/);
  });
});
