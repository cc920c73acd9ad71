import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import axios from 'axios';
import { createWordPressClient, type WordPressClient } from '../../clients/wordpress/index.js';
import { loadConfig } from '../../config/index.js';
import { PermanentError, PlumeError } from '../../errors/index.js';
import { runArticleJob, type ArticleJobContext } from '../../jobs/article/run.js';
import { sourceKey } from '../../jobs/article/source-key.js';
import { contentHash, draftFields, publishDraft } from '../../jobs/article/steps/publish.js';
import { buildArticleJobDeps } from '../../worker/build-deps.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

// A 1×1 red PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

let wp: WordPressServer;
let model: ScriptedModel;
let proxy: FaultProxy;
let images: Server;
let imagesUrl: string;

before(async () => {
  wp = await startWordPress({ name: 'publish' });
  model = await startScriptedModel();
  proxy = await startFaultProxy(wp.url);
  images = createServer((_request, response) => void response.writeHead(200, { 'Content-Type': 'image/png' }).end(png));
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
});
after(async () => {
  images?.close();
  await proxy?.close();
  await model?.close();
  await wp?.stop();
});
beforeEach(async () => {
  await wp.reset();
  model.reset();
});

/** A WordPress client of its own, as each worker process has, through the fault proxy. */
const worker = (timeoutMs = 30_000): WordPressClient =>
  createWordPressClient({ url: proxy.url, username: wp.username, appPassword: wp.appPassword, timeoutMs, allowPrivateImageHosts: true });

const postCount = async (key: string) =>
  (
    await wp.query(
      `SELECT COUNT(*) FROM wp_posts p JOIN wp_postmeta m ON m.post_id = p.ID AND m.meta_key = '_plume_source_key' WHERE p.post_type = 'post' AND m.meta_value = '${key}'`,
    )
  )[0]![0];

const attachmentCount = async (key: string) =>
  (
    await wp.query(
      `SELECT COUNT(*) FROM wp_posts p JOIN wp_postmeta m ON m.post_id = p.ID AND m.meta_key = '_plume_source_key' WHERE p.post_type = 'attachment' AND m.meta_value = '${key}'`,
    )
  )[0]![0];

const article = articleFixture('revised');
const fieldsFor = (key: string, text: string) =>
  draftFields({ article, content: `<!-- wp:paragraph -->\n<p>${text}</p>\n<!-- /wp:paragraph -->`, sourceKey: key, categories: [], tags: [], featuredMedia: undefined, report: '{}' });

/**
 * WordPress slow between "no post has this key" and "the post is inserted", as under load: a
 * must-use plugin of the test sleeps in core's pre-insert filters, so two writes overlap there.
 */
function slowInserts(): () => void {
  const file = join(wp.stateDir, 'wp-content/mu-plugins/plume-test-slow-inserts.php');
  writeFileSync(
    file,
    "<?php\nforeach ( array( 'rest_pre_insert_post', 'rest_pre_insert_attachment' ) as $hook ) {\n\tadd_filter( $hook, function ( $item ) { usleep( 1500000 ); return $item; } );\n}\n",
  );
  return () => rmSync(file, { force: true });
}

test('two workers publishing the same source at once end with one draft', async () => {
  const key = 'https://www.example.org/race';
  const restore = slowInserts();
  try {
    // Replies held back too: each worker is still waiting when the other one writes.
    proxy.delayNext(2, 500, (r) => r.method === 'POST');
    const created: number[] = [];
    const onCreated = async (id: number) => void created.push(id);
    const [a, b] = await Promise.all([
      publishDraft(fieldsFor(key, 'Texte.'), key, worker(), { onCreated }),
      publishDraft(fieldsFor(key, 'Texte.'), key, worker(), { onCreated }),
    ]);
    assert.equal(a.id, b.id);
    assert.equal(await postCount(key), '1');
    assert.deepEqual(created, [a.id], 'one worker created it, the other updated it');
  } finally {
    restore();
  }
});

test('two workers uploading the image of the same source at once end with one image', async () => {
  const key = 'https://www.example.org/race-image';
  const restore = slowInserts();
  try {
    const input = { imageUrl: `${imagesUrl}/photo.png`, altText: 'Photo', sourceKey: key };
    const [a, b] = await Promise.all([worker().media.uploadFromUrl(input), worker().media.uploadFromUrl(input)]);
    assert.equal(a.id, b.id);
    assert.equal(await attachmentCount(key), '1');
  } finally {
    restore();
  }
});

test('a create or an update whose reply comes after the timeout is read back: success, one complete draft', async () => {
  const key = 'https://www.example.org/slow-replies';
  const created: number[] = [];
  const onCreated = async (id: number) => void created.push(id);
  // The writes land; their answers come long after the client gave up (WP_TIMEOUT_MS 1 s).
  proxy.delayNext(1, 2_500, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
  const first = await publishDraft(fieldsFor(key, 'Première version.'), key, worker(1_000), { onCreated });
  assert.equal(first.content.raw, fieldsFor(key, 'Première version.').content);
  assert.deepEqual(created, [first.id]);

  proxy.delayNext(1, 2_500, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
  const second = await publishDraft(fieldsFor(key, 'Deuxième version.'), key, worker(1_000), { onCreated, ownPostId: first.id });
  assert.equal(second.id, first.id);
  assert.equal(second.content.raw, fieldsFor(key, 'Deuxième version.').content);
  assert.equal(await postCount(key), '1');
});

test('a write that got no answer and did not land stays a retryable failure', async () => {
  const key = 'https://www.example.org/refused';
  const retryable = (error: unknown) => {
    assert.ok(error instanceof PlumeError && error.retryable, String(error));
    return true;
  };
  const refuseNextWrite = () => proxy.failNext(1, 503, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
  refuseNextWrite();
  await assert.rejects(publishDraft(fieldsFor(key, 'Texte.'), key, worker(), { onCreated: async () => {} }), retryable);
  assert.equal(await postCount(key), '0');

  // The draft of an earlier version is there, but not with what was sent: that write did not land.
  const first = await publishDraft(fieldsFor(key, 'Première version.'), key, worker(), { onCreated: async () => {} });
  refuseNextWrite();
  await assert.rejects(publishDraft(fieldsFor(key, 'Deuxième version.'), key, worker(), { onCreated: async () => {}, ownPostId: first.id }), retryable);
  assert.equal((await worker().posts.get(first.id)).content.raw, fieldsFor(key, 'Première version.').content);
});

test('an answer a proxy rewrote out of shape is a permanent wordpress_answer_invalid naming the route and the field', async () => {
  const key = 'https://www.example.org/rewritten';
  const drafts = (r: { method: string; route: string }) => r.method === 'POST' && r.route === '/plume/v1/drafts';
  proxy.rewriteNext(1, (body) => ({ ...(body as { post: object }), post: { ...(body as { post: object }).post, id: 'douze' } }), drafts);
  await assert.rejects(publishDraft(fieldsFor(key, 'Texte.'), key, worker(), { onCreated: async () => {} }), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.equal(error.code, 'wordpress_answer_invalid');
    assert.deepEqual(error.params, { route: '/plume/v1/drafts', field: 'post.id' });
    return true;
  });

  // PHP sends a post without registered meta as `meta: []`: read as no meta, not as a malformed answer.
  const post = await publishDraft(fieldsFor(key, 'Texte.'), key, worker(), { onCreated: async () => {} });
  proxy.rewriteNext(1, (body) => ({ ...(body as object), meta: [] }), (r) => r.route === `/wp/v2/posts/${post.id}`);
  assert.deepEqual((await worker().posts.get(post.id)).meta, {});
});

/** A job with in-memory storage, as BullMQ keeps it. */
function job(payload: { text: string; url: string }): ArticleJobContext {
  let state = {};
  return {
    data: { payload, sourceKey: sourceKey(payload), enqueuedAt: new Date().toISOString(), state },
    save: async (saved) => void (state = saved),
    progress: async () => {},
    assertOwned: async () => {},
    savedState: async () => structuredClone(state),
    retryLeft: () => true,
  };
}

const jobDeps = (timeoutMs: number) =>
  buildArticleJobDeps(
    loadConfig({ ...servicesEnv(model, { url: proxy.url, username: wp.username, appPassword: wp.appPassword }), PLUME_MAX_REPAIRS: '0', WP_TIMEOUT_MS: String(timeoutMs) }, [
      'worker',
    ]),
  );

test('a job whose draft create answers after the timeout ends completed, with one complete draft', async () => {
  model.push({ answer: articleFixture('revised') });
  const payload = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-lente' };
  proxy.delayNext(1, 2_500, (r) => r.method === 'POST' && r.route === '/plume/v1/drafts');
  const result = await runArticleJob(job(payload), jobDeps(1_000));
  assert.equal(result.status, 'draft');
  assert.equal(await postCount(sourceKey(payload)), '1');
  const stored = await jobDeps(30_000).wordpress.posts.get(result.post_id);
  assert.equal(stored.meta['_plume_content_hash'], contentHash(stored.content.raw));
  assert.equal(stored.title.raw, result.title);
});

test("a job whose source key a contributor planted on their own draft fails naming that post, which stays untouched", async () => {
  model.push({ answer: articleFixture('revised') });
  const payload = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-piege' };
  const key = sourceKey(payload);
  const contributor = await wp.addUser('contributrice', 'contributor');
  const content = '<!-- wp:paragraph -->\n<p>Mon texte.</p>\n<!-- /wp:paragraph -->';
  const draft = await axios.post<{ id: number }>(
    `${wp.url}/`,
    { title: 'Mon brouillon', content, status: 'draft' },
    { params: { rest_route: '/wp/v2/posts' }, auth: { username: contributor.username, password: contributor.appPassword } },
  );
  // The plugin refuses Plume's meta to contributors: planted in the database, as an older plugin
  // or another plugin could have let through, with the hash of the contributor's own content.
  await wp.query(
    `INSERT INTO wp_postmeta (post_id, meta_key, meta_value) VALUES (${draft.data.id}, '_plume_source_key', '${key}'), (${draft.data.id}, '_plume_content_hash', '${contentHash(content)}')`,
  );

  const row = () => wp.query(`SELECT post_author, post_title, post_content, post_status, post_modified_gmt FROM wp_posts WHERE ID = ${draft.data.id}`);
  const before = await row();

  await assert.rejects(runArticleJob(job(payload), jobDeps(30_000)), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.equal(error.step, 'publish');
    assert.equal(error.input, `post ${draft.data.id}`);
    assert.match(error.message, new RegExp(`Post ${draft.data.id} carries this source key but was created by user ${contributor.id}`));
    return true;
  });
  assert.deepEqual(await row(), before, "the contributor's draft is untouched");
  assert.deepEqual(
    await wp.query(`SELECT meta_value FROM wp_postmeta WHERE post_id = ${draft.data.id} AND meta_key = '_plume_content_hash'`),
    [[contentHash(content)]],
  );
  assert.equal(await postCount(key), '1', 'no draft of Plume beside it either');
});

test('a post of this source that an editor published is never written over', async () => {
  const key = 'https://www.example.org/published';
  const draft = await publishDraft(fieldsFor(key, 'Texte.'), key, worker(), { onCreated: async () => {} });
  await worker().posts.update(draft.id, { status: 'publish' });
  await assert.rejects(publishDraft(fieldsFor(key, 'Autre texte.'), key, worker(), { onCreated: async () => {} }), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.equal(error.input, `post ${draft.id}`);
    assert.match(error.message, new RegExp(`Post ${draft.id} of this source has status "publish": Plume only writes drafts`));
    return true;
  });
  const stored = await worker().posts.get(draft.id);
  assert.equal(stored.status, 'publish');
  assert.equal(stored.content.raw, fieldsFor(key, 'Texte.').content);
});

test('an image upload whose reply comes after the timeout is found again: one image, no second upload', async () => {
  const key = 'https://www.example.org/slow-image';
  proxy.delayNext(1, 2_500, (r) => r.method === 'POST' && r.route === '/plume/v1/media');
  const uploads = () => proxy.seen.filter((line) => line === 'POST /plume/v1/media').length;
  const before = uploads();
  const media = await worker(1_000).media.uploadFromUrl({ imageUrl: `${imagesUrl}/photo.png`, altText: 'Photo', sourceKey: key });
  assert.equal(uploads(), before + 1);
  assert.equal(await attachmentCount(key), '1');
  assert.deepEqual(await worker().media.findBySourceKey(key), { id: media.id, url: media.url });
});

test('WordPress hashes the content as the worker does: a draft with Unicode spaces at its edges is still Plume’s', async () => {
  const key = 'https://www.example.org/spaces';
  const spaced = () => {
    const fields = fieldsFor(key, 'Texte.');
    const content = `\u00a0\u3000\n${fields.content}\n\u2009\ufeff`;
    return { ...fields, content, meta: { ...fields.meta, _plume_content_hash: contentHash(content) } };
  };
  const first = await publishDraft(spaced(), key, worker(), { onCreated: async () => {} });
  const again = await publishDraft(spaced(), key, worker(), { onCreated: async () => {} });
  assert.equal(again.id, first.id);
});
