import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv, startPlume, type PlumeUnderTest } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startStaticServer, TINY_PNG } from '../helpers/static-server.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

let wp: WordPressServer;
let model: ScriptedModel;
let plume: PlumeUnderTest;
let images: Awaited<ReturnType<typeof startStaticServer>>;

before(async () => {
  wp = await startWordPress({ name: 'siteoptions' });
  // Yoast, simulated: its REST namespace is what Plume detects.
  await wp.addMuPlugin(
    'yoast-namespace',
    `<?php\nadd_action('rest_api_init', function () { register_rest_route('yoast/v1', '/ping', array('methods' => 'GET', 'permission_callback' => '__return_true', 'callback' => function () { return 'pong'; })); });\n`,
  );
  images = await startStaticServer({ '/photo.png': { type: 'image/png', body: TINY_PNG } });
  model = await startScriptedModel();
  plume = await startPlume({
    ...servicesEnv(model, wp),
    PLUME_MAX_REPAIRS: '0',
    // The same WordPress as a second site that asks for the canonical hint and maps tags to categories.
    WP_OPTS_URL: wp.url,
    WP_OPTS_USERNAME: wp.username,
    WP_OPTS_APP_PASSWORD: wp.appPassword,
    WP_OPTS_CANONICAL_TO_SOURCE: 'true',
    WP_OPTS_CATEGORY_MAP: JSON.stringify({ 'corée du nord': 'Asie', russie: 'Europe', absent: 'Jamais' }),
  });
});
after(async () => {
  await wp?.removeMuPlugin('yoast-namespace');
  await plume?.close();
  await model?.close();
  await images?.close();
  await wp?.stop();
});

const source = 'https://www.courrier-du-nord.example/monde/lavrov-pyongyang';
// The source page names itself with markup in it (hostile), the model puts markup in its title.
const page = (id: string) =>
  `<!doctype html><html lang="fr"><head><title>Lavrov à Pyongyang</title><meta property="og:site_name" content="Le &lt;b&gt;Courrier&lt;/b&gt; du Nord ${id}"></head><body><article>${fixture('lavrov-pyongyang.fr.txt')
    .split(/\n\s*\n/)
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
const hostileAnswer = () => {
  const article = articleFixture('revised');
  return { ...article, title: `${article.title} <img src=x onerror=alert(1)>` };
};

const postMeta = async (postId: number) =>
  Object.fromEntries(await wp.query(`SELECT meta_key, meta_value FROM wp_postmeta WHERE post_id = ${postId} AND meta_key NOT IN ('_plume_report', '_edit_lock', '_edit_last')`));
const categoriesOf = async (postId: number) =>
  (await wp.query(`SELECT t.name FROM wp_term_relationships r JOIN wp_term_taxonomy x ON x.term_taxonomy_id = r.term_taxonomy_id AND x.taxonomy = 'category' JOIN wp_terms t ON t.term_id = x.term_id WHERE r.object_id = ${postId}`)).map(([name]) => name).sort();

test('the featured image gets a French alt text with the keyphrase and the source\'s credit as caption; a site asking for it gets the source as canonical; tags map to its categories', async () => {
  model.push({ answer: hostileAnswer() });
  const enqueued = await plume.api('POST', '/api/articles', { html: page('A'), url: source, image_url: `${images.url}/photo.png`, site: 'opts', category: 'Monde' });
  assert.equal(enqueued.status, 202, JSON.stringify(enqueued.body));
  const job = await plume.waitForEnd(enqueued.body.id);
  assert.equal(job.state, 'completed', JSON.stringify(job.error));
  const postId = Number(job.result.post_id);

  // Read back from WordPress: the image's alt text and caption.
  const [[mediaId]] = await wp.query(`SELECT meta_value FROM wp_postmeta WHERE post_id = ${postId} AND meta_key = '_thumbnail_id'`) as [[string]];
  const [[alt]] = await wp.query(`SELECT meta_value FROM wp_postmeta WHERE post_id = ${Number(mediaId)} AND meta_key = '_wp_attachment_image_alt'`) as [[string]];
  const [[caption]] = await wp.query(`SELECT post_excerpt FROM wp_posts WHERE ID = ${Number(mediaId)}`) as [[string]];
  assert.ok(alt.startsWith('Lavrov en Corée du Nord'), alt);
  assert.ok(alt.includes(job.result.focus_keyword), `alt "${alt}" lacks the keyphrase`);
  assert.ok(!/[<>]|onerror=/.test(alt), `alt "${alt}" carries the model's markup`);
  assert.equal(caption, 'Photo : Le Courrier du Nord A');

  // The canonical hint where the detected SEO plugin (Yoast) reads it.
  const meta = await postMeta(postId);
  assert.equal(meta['_yoast_wpseo_canonical'], source);
  assert.equal(meta['rank_math_canonical_url'], undefined, 'only the plugin the site runs');

  // The item's category, then the site's categories its tags map to; a map entry no tag names is not used.
  assert.deepEqual(await categoriesOf(postId), ['Asie', 'Europe', 'Monde']);
});

test('without canonical_to_source (the default), no canonical is written, and a source without a name is credited by its host', async () => {
  model.push({ answer: articleFixture('revised') });
  const enqueued = await plume.api('POST', '/api/articles', { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.agence-est.example/a/1', image_url: `${images.url}/photo.png`, category: 'Monde' });
  const job = await plume.waitForEnd(enqueued.body.id);
  assert.equal(job.state, 'completed', JSON.stringify(job.error));
  const postId = Number(job.result.post_id);
  const meta = await postMeta(postId);
  assert.deepEqual(Object.keys(meta).filter((key) => /canonical/.test(key)), []);
  assert.equal(meta['_yoast_wpseo_focuskw'], job.result.focus_keyword);
  const [[mediaId]] = await wp.query(`SELECT meta_value FROM wp_postmeta WHERE post_id = ${postId} AND meta_key = '_thumbnail_id'`) as [[string]];
  const [[caption]] = await wp.query(`SELECT post_excerpt FROM wp_posts WHERE ID = ${Number(mediaId)}`) as [[string]];
  assert.equal(caption, 'Photo : agence-est.example');
  // The default site has no category map: only the item's category.
  assert.deepEqual(await categoriesOf(postId), ['Monde']);
});
