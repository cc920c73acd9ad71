import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../observability/logger.js';
import { buildArticleJobDeps } from '../../worker/build-deps.js';
import { checkSites, publishSiteStates } from '../../worker/preflight.js';
import { notPlumesDraft } from '../../jobs/article/steps/publish.js';
import type { WpPost, WpPostFields } from '../../clients/wordpress/index.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv, startPlume, type PlumeUnderTest } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

let main: WordPressServer;
let sport: WordPressServer;
let model: ScriptedModel;
let plume: PlumeUnderTest;

const env = () => ({
  ...servicesEnv(model, main),
  PLUME_MAX_REPAIRS: '0',
  WP_SPORT_URL: sport.url,
  WP_SPORT_USERNAME: sport.username,
  WP_SPORT_APP_PASSWORD: sport.appPassword,
  WP_SPORT_DEFAULT_STATUS: 'pending',
});

before(async () => {
  [main, sport] = await Promise.all([startWordPress({ name: 'sitemain' }), startWordPress({ name: 'sitesport' })]);
  // Rank Math on the sport site, simulated: its REST namespace is what Plume detects.
  await sport.addMuPlugin('rankmath-namespace', namespacePlugin('rankmath/v1'));
  model = await startScriptedModel();
  plume = await startPlume(env());
});
after(async () => {
  await sport?.removeMuPlugin('rankmath-namespace');
  await plume?.close();
  await model?.close();
  await Promise.all([main?.stop(), sport?.stop()]);
});

/** The fields of a stored post, to write it again unchanged. */
const draftFieldsOf = (post: WpPost): WpPostFields => ({
  title: post.title.raw,
  content: post.content.raw,
  slug: post.slug,
  excerpt: post.excerpt.raw,
  status: 'draft',
  categories: post.categories,
  tags: post.tags,
  featured_media: post.featured_media,
  meta: { _plume_content_hash: String(post.meta['_plume_content_hash']) },
});

/** A must-use plugin that registers one REST route in `namespace`, as an SEO plugin would. */
const namespacePlugin = (namespace: string) =>
  `<?php\nadd_action('rest_api_init', function () { register_rest_route(${JSON.stringify(namespace)}, '/ping', array('methods' => 'GET', 'permission_callback' => '__return_true', 'callback' => function () { return 'pong'; })); });\n`;

const meta = async (site: WordPressServer, postId: number) =>
  Object.fromEntries(await site.query(`SELECT meta_key, meta_value FROM wp_postmeta WHERE post_id = ${postId} AND meta_key NOT IN ('_plume_report', '_edit_lock', '_edit_last')`));

const item = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-pyongyang' };
const drafts = async (site: WordPressServer) =>
  (await site.query("SELECT p.ID, m.meta_value, p.post_status FROM wp_posts p JOIN wp_postmeta m ON m.post_id = p.ID AND m.meta_key = '_plume_source_key' WHERE p.post_type = 'post'")).map(
    ([id, key, status]) => ({ id: Number(id), key, status }),
  );

test('an item sent to the second site lands only there; the same source on both sites makes one draft on each, never two on one', async () => {
  model.push({ answer: articleFixture('revised') });
  const onSport = await plume.api('POST', '/api/articles', { ...item, site: 'sport' });
  assert.equal(onSport.status, 202, JSON.stringify(onSport.body));
  const sportJob = await plume.waitForEnd(onSport.body.id);
  assert.equal(sportJob.state, 'completed', JSON.stringify(sportJob.error));
  assert.deepEqual(await drafts(main), [], 'nothing on the default site');
  const sportDrafts = await drafts(sport);
  assert.deepEqual(sportDrafts, [{ id: sportJob.result.post_id, key: onSport.body.id, status: 'pending' }], "the site's default status");
  assert.ok(sportJob.result.edit_url.startsWith(sport.url), sportJob.result.edit_url);
  // Rank Math's meta, and Plume's own; not Yoast's, which that site does not run.
  assert.deepEqual(sportJob.result.seo_plugins, ['rankmath']);
  const sportMeta = await meta(sport, sportJob.result.post_id);
  assert.equal(sportMeta['rank_math_focus_keyword'], sportJob.result.focus_keyword);
  assert.ok(sportMeta['rank_math_title'] && sportMeta['rank_math_description']);
  assert.equal(sportMeta['_plume_focus_keyword'], sportJob.result.focus_keyword);
  assert.equal(sportMeta['_yoast_wpseo_focuskw'], undefined);
  assert.ok(!sportJob.result.warnings.some((w: string) => /No SEO plugin/.test(w)));

  // The same source again for the same site: the same job, no second draft.
  const again = await plume.api('POST', '/api/articles', { ...item, site: 'sport' });
  assert.deepEqual([again.status, again.body.id, again.body.duplicate], [200, onSport.body.id, true]);

  // The same source for the default site: its own job and its own draft.
  model.push({ answer: articleFixture('revised') });
  const onMain = await plume.api('POST', '/api/articles', item);
  assert.equal(onMain.status, 202);
  assert.notEqual(onMain.body.id, onSport.body.id);
  const mainJob = await plume.waitForEnd(onMain.body.id);
  assert.equal(mainJob.state, 'completed', JSON.stringify(mainJob.error));
  assert.equal((await drafts(main)).length, 1);
  assert.equal((await drafts(sport)).length, 1);
  // No SEO plugin on the default site: only Plume's meta, and the result says so.
  assert.deepEqual(mainJob.result.seo_plugins, []);
  assert.ok(mainJob.result.warnings.some((w: string) => /No SEO plugin/.test(w)), mainJob.result.warnings.join('; '));
  const mainMeta = await meta(main, mainJob.result.post_id);
  assert.deepEqual(Object.keys(mainMeta).filter((k) => /yoast|rank_math|aioseo|seopress/.test(k)), []);
  assert.equal(mainMeta['_plume_seo_title'] !== undefined && mainMeta['_plume_meta_description'] !== undefined, true);

  // Naming the default site is the same job as naming none: keys made before several sites stay.
  const named = await plume.api('POST', '/api/articles', { ...item, site: 'default' });
  assert.deepEqual([named.status, named.body.id], [200, onMain.body.id]);
});

test('an unknown site is refused with 400 naming it, and nothing is queued', async () => {
  const response = await plume.api('POST', '/api/articles', { ...item, site: 'rugby' });
  assert.equal(response.status, 400);
  assert.equal(response.body.code, 'validation_failed');
  assert.deepEqual(response.body.issues, [
    {
      field: 'site',
      code: 'field_unknown_site',
      message: 'unknown site "rugby" (configured: default, sport)',
      params: { site: 'rugby', known: 'configured: default, sport' },
    },
  ]);
});

test('a site whose user may not upload media is reported by name at start, while the other site keeps working', async () => {
  const contributor = await sport.addUser('plumelow', 'contributor');
  const config = loadConfig(
    { ...servicesEnv(model, main), WP_LOW_URL: sport.url, WP_LOW_USERNAME: contributor.username, WP_LOW_APP_PASSWORD: contributor.appPassword },
    ['worker'],
  );
  const states = await checkSites(
    config.sites.map((site) => ({ name: site.name, wordpress: buildArticleJobDeps(config, undefined, {}, undefined, site.name).wordpress })),
    createLogger('silent', 'test'),
    { attempts: 1 },
  );
  assert.equal(states.get('default'), 'ok');
  assert.match(states.get('low') ?? '', /^site "low": .*lacks the capabilities .*upload_files/);

  // A job for that site fails at once, naming the site and the right, before any model call.
  const deps = buildArticleJobDeps(config, undefined, { siteStates: states }, undefined, 'low');
  await assert.rejects(deps.siteReady!(), /site "low": .*upload_files/);

  // /readyz lists each site's state, without addresses or user names.
  const redis = new Redis(plume.config.redisUrl);
  await publishSiteStates(redis, plume.config.queuePrefix, new Map([['default', 'ok'], ['sport', states.get('low')!]]));
  redis.disconnect();
  const ready = await (await fetch(`${plume.baseUrl}/readyz`)).json();
  assert.equal(ready.sites.default.worker, 'ok');
  assert.match(ready.sites.sport.worker, /^missing rights: .*upload_files/);
  assert.equal(ready.sites.sport.wordpress, 'ok');
  assert.ok(!JSON.stringify(ready).includes(sport.url) && !JSON.stringify(ready).includes('plumelow'));
});

test('status and a scheduled date per item are stored on the draft and read back; Plume never publishes', async () => {
  model.push({ answer: articleFixture('revised') });
  const scheduled = { text: fixture('lavrov-pyongyang.fr.txt'), status: 'pending', date: '2031-03-04T08:30:00+01:00' };
  const enqueued = await plume.api('POST', '/api/articles', scheduled);
  assert.equal(enqueued.status, 202, JSON.stringify(enqueued.body));
  const job = await plume.waitForEnd(enqueued.body.id);
  assert.equal(job.state, 'completed', JSON.stringify(job.error));
  assert.equal(job.result.status, 'pending');
  const [row] = await main.query(`SELECT post_status, post_date_gmt FROM wp_posts WHERE ID = ${Number(job.result.post_id)}`);
  assert.deepEqual(row, ['pending', '2031-03-04 07:30:00']);

  const bad = await plume.api('POST', '/api/articles', { ...scheduled, status: 'publish', date: 'demain' });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.issues.map((i: { field: string }) => i.field).sort(), ['date', 'status']);
});

test('an author per item (id) or per site (login) is checked, set and read back, and the draft stays Plume\'s to update', async () => {
  const writer = await main.addUser('redactrice', 'author');
  model.push({ answer: articleFixture('revised') });
  /** The fields of a stored post, to write it again unchanged. */
const draftFieldsOf = (post: WpPost): WpPostFields => ({
  title: post.title.raw,
  content: post.content.raw,
  slug: post.slug,
  excerpt: post.excerpt.raw,
  status: 'draft',
  categories: post.categories,
  tags: post.tags,
  featured_media: post.featured_media,
  meta: { _plume_content_hash: String(post.meta['_plume_content_hash']) },
});

const item = { text: `${fixture('lavrov-pyongyang.fr.txt')} Signé.`, author: writer.id };
  const first = await plume.api('POST', '/api/articles', item);
  const job = await plume.waitForEnd(first.body.id);
  assert.equal(job.state, 'completed', JSON.stringify(job.error));
  const author = async (id: number) => (await main.query(`SELECT post_author FROM wp_posts WHERE ID = ${id}`))[0]![0];
  assert.equal(await author(job.result.post_id), String(writer.id));

  // Published through the same source again (an editor's retry, a resumed job): updated, not refused as another user's.
  const deps = buildArticleJobDeps(plume.config, undefined, {}, undefined);
  const post = await deps.wordpress.posts.get(job.result.post_id);
  const me = await deps.wordpress.site.currentUserId();
  assert.equal(post.meta['_plume_writer'], String(me));
  assert.equal(notPlumesDraft(post, me), undefined);
  const saved = await deps.wordpress.posts.saveDraft(first.body.id, { ...draftFieldsOf(post), author: writer.id });
  assert.deepEqual([saved.outcome, saved.post.id, saved.post.author], ['updated', post.id, writer.id]);

  // The site's default author, by login.
  const config = loadConfig({ ...servicesEnv(model, main), WP_AUTHOR: 'redactrice' }, ['worker']);
  assert.equal(await buildArticleJobDeps(config).wordpress.site.resolveAuthor('redactrice'), writer.id);

  // Unknown or unable to write: refused before anything is paid, naming the author.
  const calls = model.requests.length;
  const unknown = await plume.api('POST', '/api/articles', { ...item, text: `${item.text} Bis.`, author: 'personne' });
  const failed = await plume.waitForEnd(unknown.body.id);
  assert.equal(failed.state, 'failed');
  assert.match(failed.error.message, /author "personne" is not a user/);
  assert.equal(model.requests.length, calls, 'no model call for a job whose author does not exist');
});
