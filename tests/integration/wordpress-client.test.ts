import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import axios from 'axios';
import { createWordPressClient, META, WordPressRestError, type WordPressClient, type WpPostFields } from '../../clients/wordpress/index.js';
import { PermanentError, TransientError } from '../../errors/index.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

// A 1×1 red PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

let wp: WordPressServer;
let client: WordPressClient;
let images: Server;
let imagesUrl: string;
const imageHits = new Map<string, number>();

before(async () => {
  wp = await startWordPress();
  // The test's images are served on loopback.
  client = createWordPressClient({ url: wp.url, username: wp.username, appPassword: wp.appPassword, allowPrivateImageHosts: true });
  images = createServer((request, response) => {
    imageHits.set(request.url ?? '', (imageHits.get(request.url ?? '') ?? 0) + 1);
    if (request.url === '/photos/satellite.png') {
      response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
    } else if (request.url === '/page.html') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>not an image</p>');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
});

after(async () => {
  await wp?.stop();
  images?.close();
});

beforeEach(() => wp.reset());

/** Reads an attachment the way an editor's screen would, to check what the client stored. */
async function getMedia(id: number): Promise<{ alt_text: string; meta: Record<string, unknown>; source_url: string }> {
  const response = await axios.get(`${wp.url}/`, {
    params: { rest_route: `/wp/v2/media/${id}`, context: 'edit' },
    auth: { username: wp.username, password: wp.appPassword },
  });
  return response.data;
}

test('accepts the credentials; a wrong Application Password is a PermanentError naming WP_APP_PASSWORD', async () => {
  const user = await client.site.verifyCredentials(['edit_posts', 'upload_files', 'manage_categories']);
  assert.equal(user.username, 'plume');
  assert.deepEqual(user.roles, ['administrator']);

  const wrong = createWordPressClient({ url: wp.url, username: wp.username, appPassword: 'abcd efgh ijkl mnop qrst uvwx' });
  await assert.rejects(wrong.site.verifyCredentials(), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.equal(error.retryable, false);
    assert.equal(error.step, 'wordpress.verifyCredentials');
    assert.match(error.message, /WP_APP_PASSWORD/);
    assert.match(error.message, /WP_USERNAME/);
    return true;
  });
  await assert.rejects(client.site.verifyCredentials(['edit_posts', 'plume_no_such_capability']), /lacks the capabilities plume_no_such_capability/);
});

test('finds the companion plugin, and says how to install it when it is missing', async () => {
  const status = await client.site.checkCompanionPlugin([META.sourceKey, META.report]);
  assert.equal(status.plugin, 'plume-companion');
  assert.match(status.version, /^\d+\.\d+\.\d+$/);
  // The plugin registers exactly the keys the client writes.
  assert.deepEqual([...status.meta_keys].sort(), Object.values(META).sort());
  await assert.rejects(client.site.checkCompanionPlugin(['_plume_unknown']), /does not register _plume_unknown/);

  const plugin = join(wp.stateDir, 'wp-content/mu-plugins/plume-companion.php');
  await rename(plugin, `${plugin}.off`);
  try {
    await assert.rejects(client.site.checkCompanionPlugin(), (error: unknown) => {
      assert.ok(error instanceof PermanentError, String(error));
      assert.match(error.message, /companion plugin is not installed .*mu-plugins/);
      return true;
    });
    // WordPress ignores the unknown parameter: the client must not take the first post for ours.
    await assert.rejects(client.posts.findBySourceKey('any'), /ignored the plume_source_key filter/);
  } finally {
    await rename(`${plugin}.off`, plugin);
  }

  // A copy older than the draft and media routes: the worker would fail every job, so it does not start.
  const older = join(wp.stateDir, 'wp-content/mu-plugins/plume-companion-old.php');
  await rename(plugin, `${plugin}.off`);
  await writeFile(older, (await readFile(`${plugin}.off`, 'utf8')).replace(/'PLUME_COMPANION_VERSION', '[^']+'/, "'PLUME_COMPANION_VERSION', '1.2.9'"));
  try {
    await assert.rejects(client.site.checkCompanionPlugin(), /companion plugin .* is version 1\.2\.9; this worker needs 1\.5\.0 or later/);
  } finally {
    await rm(older);
    await rename(`${plugin}.off`, plugin);
  }
});

test('creates a draft with SEO meta, terms, excerpt and slug, and reads every field back', async () => {
  const [categories, tags] = await Promise.all([
    client.terms.ensureCategories(['Monde']),
    client.terms.ensureTags(['Russie', 'Corée du Nord']),
  ]);
  const report = JSON.stringify({
    clean: false,
    failures: Array.from({ length: 400 }, (_, i) => ({ check: `check-${i}`, instruction: `Écrire « mieux » \\ "encore" ${i} 🙂` })),
  });
  assert.ok(report.length > 20_000, `report of ${report.length} characters`);
  const fields: WpPostFields = {
    title: 'Lavrov à Pyongyang : l’alliance & ses limites',
    content: '<!-- wp:paragraph -->\n<p>Sergueï Lavrov a rencontré <strong>Kim Jong-un</strong> à « Pyongyang ».</p>\n<!-- /wp:paragraph -->',
    slug: 'lavrov-pyongyang-alliance-limites',
    excerpt: 'Le chef de la diplomatie russe est en Corée du Nord.',
    status: 'draft',
    categories,
    tags,
    featured_media: 0,
    meta: {
      _yoast_wpseo_focuskw: 'Lavrov Pyongyang',
      _yoast_wpseo_title: 'Lavrov à Pyongyang : ce que veut Moscou',
      _yoast_wpseo_metadesc: 'Sergueï Lavrov est à Pyongyang pour renforcer l’alliance entre la Russie et la Corée du Nord.',
      rank_math_focus_keyword: 'Lavrov Pyongyang',
      rank_math_title: 'Lavrov à Pyongyang : ce que veut Moscou',
      rank_math_description: 'Sergueï Lavrov est à Pyongyang pour renforcer l’alliance entre la Russie et la Corée du Nord.',
      _plume_source_key: 'https://www.example.org/article?id=42&lang=en%20us',
      _plume_report: report,
    },
  };

  const created = await client.posts.create(fields);
  const stored = await client.posts.get(created.id);
  assert.equal(stored.id, created.id);
  assert.equal(stored.status, 'draft');
  assert.equal(stored.title.raw, fields.title);
  assert.equal(stored.content.raw, fields.content);
  assert.equal(stored.excerpt.raw, fields.excerpt);
  assert.equal(stored.slug, fields.slug, 'WordPress keeps the slug of a draft as sent');
  assert.deepEqual(stored.categories, categories);
  assert.deepEqual([...stored.tags].sort(), [...tags].sort());
  assert.equal(stored.featured_media, 0);
  for (const [key, value] of Object.entries(fields.meta)) assert.equal(stored.meta[key], value, `meta ${key}`);

  // A retried job sends the same fields again.
  const resent = await client.posts.update(created.id, fields);
  assert.equal(resent.meta['_plume_report'], report);

  // A slug is kept only while no other post has it, drafts included.
  const twin = await client.posts.create({ ...fields, meta: { _plume_source_key: 'twin' } });
  assert.equal(twin.slug, `${fields.slug}-2`);

  const updated = await client.posts.update(created.id, { title: 'Lavrov à Pyongyang', meta: { _yoast_wpseo_title: 'Nouveau titre SEO' } });
  assert.equal(updated.title.raw, 'Lavrov à Pyongyang');
  assert.equal(updated.meta['_yoast_wpseo_title'], 'Nouveau titre SEO');
  assert.equal(updated.meta['rank_math_title'], fields.meta['rank_math_title'], 'meta not sent is left alone');
});

test('finds a draft by source key, and nothing for another key', async () => {
  const sourceKey = 'https://www.example.org/a%20b?x=1&y=2';
  const draft = await client.posts.create({ title: 'Brouillon', status: 'draft', meta: { _plume_source_key: sourceKey } });
  await client.posts.create({ title: 'Autre', status: 'draft', meta: { _plume_source_key: 'another-source' } });

  const found = await client.posts.findBySourceKey(sourceKey);
  assert.equal(found?.id, draft.id);
  assert.equal(found?.title.raw, 'Brouillon');
  assert.equal(await client.posts.findBySourceKey('https://www.example.org/unknown'), null);
});

test('visitors see neither Plume meta nor a lookup by source key', async () => {
  const sourceKey = 'src-private';
  const post = await client.posts.create({
    title: 'Publié',
    status: 'publish',
    meta: { _plume_source_key: sourceKey, _plume_report: '{"clean":true}', _yoast_wpseo_title: 'Titre' },
  });
  const anonymous = await axios.get(`${wp.url}/`, { params: { rest_route: `/wp/v2/posts/${post.id}` } });
  assert.equal(anonymous.status, 200);
  for (const key of ['_plume_source_key', '_plume_report', '_yoast_wpseo_title']) {
    assert.equal(key in (anonymous.data.meta ?? {}), false, `${key} shown to a visitor`);
  }
  const lookup = await axios.get(`${wp.url}/`, { params: { rest_route: '/wp/v2/posts', plume_source_key: sourceKey, per_page: 100 } });
  assert.deepEqual(lookup.data, [], 'a lookup by source key finds nothing for visitors');
  assert.equal((await client.posts.get(post.id)).meta['_plume_report'], '{"clean":true}', 'editors still read it');
});

test('WordPress drops an unregistered meta key silently (why the companion plugin exists)', async () => {
  const post = await client.posts.create({
    title: 'Meta',
    status: 'draft',
    meta: { _plume_source_key: 'meta-test', plume_unregistered_key: 'lost' },
  });
  assert.equal(post.meta['_plume_source_key'], 'meta-test');
  assert.equal('plume_unregistered_key' in post.meta, false);
  const rows = await wp.query(`SELECT meta_key, meta_value FROM wp_postmeta WHERE post_id = ${post.id} AND meta_key LIKE '%plume%' ORDER BY meta_key`);
  assert.deepEqual(rows, [['_plume_source_key', 'meta-test']]);
});

test('a bad field is a PermanentError carrying WordPress code and message', async () => {
  await assert.rejects(client.posts.create({ title: 'x', status: 'bogus' as 'draft' }), (error: unknown) => {
    assert.ok(error instanceof WordPressRestError, String(error));
    assert.ok(error instanceof PermanentError, String(error));
    assert.equal(error.wpCode, 'rest_invalid_param');
    assert.equal(error.status, 400);
    assert.equal(error.step, 'wordpress.createPost');
    assert.match(error.message, /status/);
    return true;
  });
  await assert.rejects(client.posts.get(987654), (error: unknown) => {
    assert.ok(error instanceof WordPressRestError, String(error));
    assert.equal(error.wpCode, 'rest_post_invalid_id');
    assert.equal(error.input, '987654');
    return true;
  });
});

test('searches published posts only, with raw titles', async () => {
  const published = await client.posts.create({ title: 'Le tram de Lyon s’agrandit', content: 'Tram.', status: 'publish' });
  await client.posts.create({ title: 'Le tram de Lyon, brouillon', content: 'Tram.', status: 'draft' });

  assert.deepEqual(await client.posts.searchPublished('tram', 5), [
    { id: published.id, title: 'Le tram de Lyon s’agrandit', url: published.link },
  ]);
  assert.deepEqual(await client.posts.searchPublished('tram', 0), []);
});

test('categories: the archive address, the site’s default one, the latest published posts of one', async () => {
  const [monde] = await client.terms.ensureCategories(['Monde']);
  const category = await client.terms.getCategory(monde!);
  assert.equal(category.name, 'Monde');
  assert.match(category.link, new RegExp(`^${wp.url}/.*(cat=${monde}|monde)`));
  assert.equal(await client.site.defaultCategoryId(), 1, 'the test user is an administrator: the settings are readable');
  const older = await client.posts.create({ title: 'Plus ancien', content: 'x', status: 'publish', categories: [monde!] });
  await wp.query(`UPDATE wp_posts SET post_date = '2024-01-01 10:00:00', post_date_gmt = '2024-01-01 10:00:00' WHERE ID = ${older.id}`);
  const newer = await client.posts.create({ title: 'Plus récent', content: 'x', status: 'publish', categories: [monde!] });
  await client.posts.create({ title: 'Brouillon', content: 'x', status: 'draft', categories: [monde!] });
  await client.posts.create({ title: 'Ailleurs', content: 'x', status: 'publish' });
  assert.deepEqual(await client.posts.recentInCategory(monde!, 5), [
    { id: newer.id, title: 'Plus récent', url: newer.link },
    { id: older.id, title: 'Plus ancien', url: older.link },
  ]);
  await assert.rejects(client.terms.getCategory(987654), WordPressRestError);
});

test('creates terms once, then finds them by name whatever the case', async () => {
  const tags = await client.terms.ensureTags(['Espace', 'Science & Espace', 'espace', '  Lyon ', '']);
  assert.equal(tags.length, 3);
  // WordPress stores "Science &amp; Espace", which `search=` misses: the create answers term_exists.
  assert.deepEqual(await client.terms.ensureTags(['ESPACE', 'science & espace', 'Lyon']), tags);

  // Jobs of one worker racing to create the same tag get the same id.
  const raced = await Promise.all([1, 2, 3, 4].map(() => client.terms.ensureTags(['Économie'])));
  assert.equal(new Set(raced.flat()).size, 1);
  // One rule for accents and case: the same slug is the same term, never a second one slugged economie-2.
  assert.deepEqual(await client.terms.ensureTags(['Economie']), raced[0]);

  const [uncategorized] = await client.terms.ensureCategories(['uncategorized']);
  assert.equal(uncategorized, 1, 'the default category is found');
  const [monde] = await client.terms.ensureCategories(['Monde']);
  assert.deepEqual(await client.terms.ensureCategories(['monde']), [monde]);

  const count = await wp.query(`SELECT taxonomy, COUNT(*) FROM wp_term_taxonomy GROUP BY taxonomy ORDER BY taxonomy`);
  assert.deepEqual(count, [
    ['category', '2'],
    ['post_tag', '4'],
  ]);
});

test('uploads an image from a URL once, with alt text and source key', async () => {
  const imageUrl = `${imagesUrl}/photos/satellite.png`;
  const input = { imageUrl, altText: 'Le satellite de l’ESA', sourceKey: 'esa-satellite', title: 'Satellite de l’ESA' };
  const { foreignIds, ...media } = await client.media.uploadFromUrl(input);
  assert.deepEqual(foreignIds, []);
  assert.match(media.url, /^http:\/\/127\.0\.0\.1:\d+\/wp-content\/uploads\/\d{4}\/\d{2}\/satellite-de-l-esa\.png$/);

  const file = await axios.get<ArrayBuffer>(media.url, { responseType: 'arraybuffer' });
  assert.equal(file.headers['content-type'], 'image/png');
  assert.deepEqual(Buffer.from(file.data), png);
  const stored = await getMedia(media.id);
  assert.equal(stored.alt_text, input.altText);
  assert.equal(stored.meta['_plume_source_key'], input.sourceKey);

  assert.deepEqual(await client.media.findBySourceKey(input.sourceKey), media);
  assert.deepEqual(await client.media.uploadFromUrl(input), { ...media, foreignIds: [] }, 'a retry finds the first upload');
  assert.equal(imageHits.get('/photos/satellite.png'), 1, 'the image was downloaded once');
  assert.equal(await client.media.findBySourceKey('another-image'), null);

  await assert.rejects(client.media.uploadFromUrl({ ...input, sourceKey: 'page', imageUrl: `${imagesUrl}/page.html` }), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.equal(error.input, `${imagesUrl}/page.html`);
    assert.match(error.message, /is not an image \(Content-Type: text\/html\)/);
    return true;
  });
  await assert.rejects(client.media.uploadFromUrl({ ...input, sourceKey: 'missing', imageUrl: `${imagesUrl}/missing.png` }), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.match(error.message, /missing\.png answered HTTP 404/);
    return true;
  });
});

test('an image on an internal address is refused unless allowed, and never downloaded', async () => {
  const guarded = createWordPressClient({ url: wp.url, username: wp.username, appPassword: wp.appPassword });
  const imageUrl = `${imagesUrl}/photos/satellite.png`;
  const before = imageHits.get('/photos/satellite.png') ?? 0;
  await assert.rejects(guarded.media.uploadFromUrl({ imageUrl, altText: 'x', sourceKey: 'guarded' }), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.match(error.message, /refused .*internal address/);
    return true;
  });
  assert.equal(imageHits.get('/photos/satellite.png') ?? 0, before);
});

test('a stopped server is a TransientError', async () => {
  await wp.stop();
  await assert.rejects(client.posts.get(1), (error: unknown) => {
    assert.ok(error instanceof TransientError, String(error));
    assert.equal(error.retryable, true);
    assert.equal(error.step, 'wordpress.getPost');
    assert.equal(error.input, '1');
    assert.match(error.message, /ECONNREFUSED/);
    return true;
  });
});

/** A REST call as another WordPress user; answers whatever the status. */
function as(user: { username: string; appPassword: string }) {
  return axios.create({ baseURL: `${wp.url}/`, auth: { username: user.username, password: user.appPassword }, validateStatus: () => true });
}

const plumeMetaRows = (authorId: number) =>
  wp.query(
    `SELECT COUNT(*) FROM wp_postmeta m JOIN wp_posts p ON p.ID = m.post_id WHERE p.post_author = ${authorId} AND m.meta_key LIKE '\\_plume\\_%'`,
  );

test('contributors and authors get no status, find nothing by source key, and cannot write Plume meta', async () => {
  const sourceKey = 'https://www.example.org/secret-source';
  // Published, so that every user may list it: only the source-key filter stands in the way.
  const plumePost = await client.posts.create({ title: 'Article Plume', status: 'publish', meta: { _plume_source_key: sourceKey } });
  await client.media.uploadFromUrl({ imageUrl: `${imagesUrl}/photos/satellite.png`, altText: 'Satellite', sourceKey });
  const contributor = await wp.addUser('contrib', 'contributor');
  const author = await wp.addUser('writer', 'author');

  for (const user of [contributor, author]) {
    const status = await as(user).get('', { params: { rest_route: '/plume/v1/status' } });
    assert.equal(status.status, 403, `${user.username} reads /plume/v1/status`);
    for (const route of ['/wp/v2/posts', '/wp/v2/media']) {
      const lookup = await as(user).get('', { params: { rest_route: route, plume_source_key: sourceKey, per_page: 100 } });
      assert.deepEqual(lookup.data, [], `${user.username} looks ${route} up by source key`);
    }
    const planted = await as(user).post('', { title: 'Piège', status: 'draft', meta: { _plume_source_key: sourceKey, _plume_content_hash: 'x' } }, {
      params: { rest_route: '/wp/v2/posts' },
    });
    assert.equal(planted.status, 403, `${user.username} writes _plume_ meta on a post`);
    const save = await as(user).post('', { source_key: sourceKey, post: { title: 'Piège' } }, { params: { rest_route: '/plume/v1/drafts' } });
    assert.equal(save.status, 403, `${user.username} uses /plume/v1/drafts`);
    assert.deepEqual(await plumeMetaRows(user.id), [['0']]);
  }
  const upload = await as(author).post('', png, {
    params: { rest_route: '/wp/v2/media', meta: { _plume_source_key: sourceKey } },
    headers: { 'Content-Type': 'image/png', 'Content-Disposition': 'attachment; filename="piege.png"' },
  });
  assert.equal(upload.status, 403, 'an author writes _plume_ meta on an image');
  assert.deepEqual(await plumeMetaRows(author.id), [['0']]);
  assert.equal((await client.posts.findBySourceKey(sourceKey))?.id, plumePost.id, 'Plume still finds its post');
  assert.notEqual(await client.media.findBySourceKey(sourceKey), null, 'and its image');
});

test("a post of another user carrying Plume's source key and hash is never written into", async () => {
  const editor = await wp.addUser('editrice', 'editor');
  const sourceKey = 'https://www.example.org/planted';
  const content = '<!-- wp:paragraph -->\n<p>Texte de la rédactrice.</p>\n<!-- /wp:paragraph -->';
  const hash = createHash('sha256').update(content).digest('hex');
  // An editor may write Plume's meta: the author check is what keeps Plume out of her post.
  const planted = await as(editor).post(
    '',
    { title: 'Sa page', content, status: 'draft', meta: { _plume_source_key: sourceKey, _plume_content_hash: hash } },
    { params: { rest_route: '/wp/v2/posts' } },
  );
  assert.equal(planted.status, 201);
  const fields: WpPostFields = {
    title: 'Article de Plume',
    content: '<!-- wp:paragraph -->\n<p>Texte de Plume.</p>\n<!-- /wp:paragraph -->',
    slug: 'article-de-plume',
    excerpt: '',
    status: 'draft',
    categories: [],
    tags: [],
    featured_media: 0,
    meta: { _plume_source_key: sourceKey },
  };
  await assert.rejects(client.posts.saveDraft(sourceKey, fields), (error: unknown) => {
    assert.ok(error instanceof WordPressRestError, String(error));
    assert.equal(error.wpCode, 'plume_not_owner');
    assert.equal(error.status, 409);
    assert.match(error.message, new RegExp(`Post ${planted.data.id} carries this source key but was created by user ${editor.id}`));
    return true;
  });
  const after = await client.posts.get(planted.data.id);
  assert.equal(after.title.raw, 'Sa page');
  assert.equal(after.content.raw, content);
  assert.deepEqual(await wp.query("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'post' AND post_title = 'Article de Plume'"), [['0']]);
});

test("an image of another user carrying Plume's source key is not used: Plume uploads its own and says so", async () => {
  const editor = await wp.addUser('photographe', 'editor');
  const sourceKey = 'esa-satellite-planted';
  const planted = await as(editor).post('', png, {
    params: { rest_route: '/wp/v2/media', meta: { _plume_source_key: sourceKey } },
    headers: { 'Content-Type': 'image/png', 'Content-Disposition': 'attachment; filename="piege.png"' },
  });
  assert.equal(planted.status, 201);
  assert.equal(await client.media.findBySourceKey(sourceKey), null, "another user's image is not Plume's");

  const hitsBefore = imageHits.get('/photos/satellite.png') ?? 0;
  const uploaded = await client.media.uploadFromUrl({ imageUrl: `${imagesUrl}/photos/satellite.png`, altText: 'Satellite', sourceKey });
  assert.notEqual(uploaded.id, planted.data.id);
  assert.equal(imageHits.get('/photos/satellite.png'), hitsBefore + 1, "Plume's image was downloaded");
  assert.deepEqual(uploaded.foreignIds, [planted.data.id], 'the foreign image is named for the warning');
  const own = await getMedia(uploaded.id);
  assert.equal(own.meta['_plume_source_key'], sourceKey);
  assert.deepEqual(await client.media.findBySourceKey(sourceKey), { id: uploaded.id, url: uploaded.url });
  const rows = await wp.query(`SELECT post_author FROM wp_posts WHERE ID = ${uploaded.id}`);
  assert.deepEqual(rows, [[String(await client.site.currentUserId())]]);
});
