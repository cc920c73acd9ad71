import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createWordPressClient, type WordPressClient } from '../../clients/wordpress/index.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

const run = promisify(execFile);
const racer = fileURLToPath(new URL('../helpers/ensure-tags-process.ts', import.meta.url));

let wp: WordPressServer;
let client: WordPressClient;
before(async () => {
  wp = await startWordPress({ name: 'termrace' });
  // WordPress checks for an existing term, then inserts: held open here between the two, so
  // that two processes both pass the check unless something serialises them.
  await wp.addMuPlugin('slow-term-insert', "<?php\nadd_filter('wp_insert_term_data', function ($data) { usleep(400000); return $data; });\n");
  client = createWordPressClient({ url: wp.url, username: wp.username, appPassword: wp.appPassword });
});
after(async () => {
  await wp?.removeMuPlugin('slow-term-insert');
  await wp?.stop();
});

const tagCount = async () => Number((await wp.query("SELECT COUNT(*) FROM wp_term_taxonomy WHERE taxonomy = 'post_tag'"))[0]![0]);

test('two worker processes creating the same new tags at the same moment end with one term each', async () => {
  const names = ['Nouvelle-Calédonie', 'Énergie', 'Pêche', 'Météo', 'Île-de-France', 'Santé publique'];
  const env = { ...process.env, PLUME_RACE_WP_URL: wp.url, PLUME_RACE_WP_USERNAME: wp.username, PLUME_RACE_WP_APP_PASSWORD: wp.appPassword };
  const [first, second] = await Promise.all(
    [1, 2].map(async () => JSON.parse((await run(process.execPath, ['--import', 'tsx', racer, ...names], { env })).stdout) as number[]),
  );
  assert.deepEqual(first, second, 'both processes got the same ids');
  assert.equal(new Set(first).size, names.length);
  assert.equal(await tagCount(), names.length, 'no second term');
  const slugs = (await wp.query("SELECT t.slug FROM wp_terms t JOIN wp_term_taxonomy x ON x.term_id = t.term_id WHERE x.taxonomy = 'post_tag'")).flat();
  assert.deepEqual(slugs.filter((slug) => /-\d+$/.test(slug)), [], 'no slug suffixed -2');
});

test('one rule for accents and case: the same slug is the same term, even one an editor made', async () => {
  const [energie] = await client.terms.ensureTags(['Énergie']);
  assert.deepEqual(await client.terms.ensureTags(['energie']), [energie]);
  assert.deepEqual(await client.terms.ensureTags(['ÉNERGIE']), [energie]);
  // A tag a co-author made by hand, renamed since: still found by its slug, never doubled.
  await wp.query("INSERT INTO wp_terms (name, slug) VALUES ('Économie &amp; social', 'economie-social')");
  await wp.query("INSERT INTO wp_term_taxonomy (term_id, taxonomy, description) SELECT term_id, 'post_tag', '' FROM wp_terms WHERE slug = 'economie-social'");
  const before = await tagCount();
  const [mine] = await client.terms.ensureTags(['Economie & Social']);
  const [theirs] = (await wp.query("SELECT term_id FROM wp_terms WHERE slug = 'economie-social'")).flat();
  assert.equal(mine, Number(theirs));
  assert.equal(await tagCount(), before);
});
