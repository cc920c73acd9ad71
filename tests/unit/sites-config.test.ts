import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/index.js';
import { sourceKey } from '../../jobs/article/source-key.js';

const base = { OPENAI_API_KEY: 'k' };
const single = { ...base, WP_URL: 'http://127.0.0.1:8080/', WP_USERNAME: 'plume', WP_APP_PASSWORD: 'abcd efgh', WP_PUBLIC_URL: 'http://localhost:8080' };
const dir = mkdtempSync(join(tmpdir(), 'plume-sites-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const issues = (env: Record<string, string>) => {
  try {
    loadConfig(env, ['worker']);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues;
  }
  assert.fail('expected a ConfigError');
};

test('the single-site WP_* variables are the default site; WP_PUBLIC_URL is not a site named "public"', () => {
  const config = loadConfig(single, ['worker']);
  assert.deepEqual(config.sites.map((s) => [s.name, s.url, s.publicUrl, s.defaultStatus]), [['default', 'http://127.0.0.1:8080', 'http://localhost:8080', 'draft']]);
  assert.equal(config.wordpress.url, 'http://127.0.0.1:8080');
});

test('WP_<NAME>_* variables and the sites file add sites, the password read from a file', () => {
  const config = loadConfig(
    {
      ...single,
      WP_SPORT_URL: 'https://sport.example.fr',
      WP_SPORT_USERNAME: 'plume',
      WP_SPORT_APP_PASSWORD_FILE: file('sport-password', 'secret sport\n'),
      WP_SPORT_DEFAULT_STATUS: 'pending',
      WP_SPORT_AUTHOR: '7',
      WP_SPORT_PUBLIC_URL: 'https://www.sport.example.fr',
      WP_SPORT_CATEGORY_MAP: '{"Rugby": "Sport"}',
      PLUME_SITES_FILE: file('sites.json', { eco: { url: 'https://eco.example.fr/', username: 'p', app_password: 'x', author: 'redaction' } }),
    },
    ['worker'],
  );
  const [, sport, eco] = config.sites;
  assert.deepEqual(config.sites.map((s) => s.name), ['default', 'sport', 'eco']);
  assert.deepEqual([sport!.appPassword, sport!.defaultStatus, sport!.author, sport!.publicUrl, sport!.categoryMap], ['secret sport', 'pending', '7', 'https://www.sport.example.fr', { rugby: 'Sport' }]);
  assert.deepEqual([eco!.url, eco!.author], ['https://eco.example.fr', 'redaction']);
});

test('without WP_*, the sites file alone is enough, its first site the default', () => {
  const config = loadConfig({ ...base, PLUME_SITES_FILE: file('only.json', { eco: { url: 'https://eco.example.fr', username: 'p', app_password: 'x' } }) }, ['worker']);
  assert.equal(config.wordpress.url, 'https://eco.example.fr');
  assert.deepEqual(config.sites.map((s) => s.name), ['eco']);
});

test('a bad site is named with its field, in the file and in variables', () => {
  const found = issues({
    ...single,
    WP_SPORT_USERNAME: 'plume',
    WP_EQUIPE_URL: 'ftp://x',
    WP_EQUIPE_USERNAME: 'p',
    WP_EQUIPE_APP_PASSWORD: 'x',
    PLUME_SITES_FILE: file('bad.json', { eco: { url: 'https://eco.example.fr', username: 'p', default_status: 'publish' }, 'Bad Name': {}, mode: { url: 'https://m.fr', username: 'u', app_password: 'x', colour: 1 } }),
  });
  const text = found.map((i) => `${i.variable}: ${i.message}`).join('\n');
  const bad = join(dir, 'bad.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  assert.match(text, /WP_SPORT_URL: required: site "sport" has WP_SPORT_USERNAME but no address/);
  assert.match(text, /WP_EQUIPE_URL: expected the http\(s\) address/);
  assert.match(text, new RegExp(`PLUME_SITES_FILE \\(${bad}, site "eco", field default_status\\): expected "draft" or "pending"`));
  assert.match(text, new RegExp(`PLUME_SITES_FILE \\(${bad}, site "Bad Name"\\): expected a site name`));
  assert.match(text, new RegExp(`PLUME_SITES_FILE \\(${bad}, site "mode"\\): unknown field colour`));
});

test('a YAML sites file (.yaml or .yml) takes the same schema; its errors name the file, the site and the field', () => {
  const yaml = file(
    'sites.yaml',
    ['eco:', '  url: https://eco.example.fr/', '  username: p', '  app_password: x', '  category_map:', '    Rugby: Sport', '  canonical_to_source: true', ''].join('\n'),
  );
  const config = loadConfig({ ...base, PLUME_SITES_FILE: yaml }, ['worker']);
  const [eco] = config.sites;
  assert.deepEqual([eco!.name, eco!.url, eco!.categoryMap, eco!.canonicalToSource], ['eco', 'https://eco.example.fr', { rugby: 'Sport' }, true]);
  assert.equal(loadConfig({ ...base, PLUME_SITES_FILE: file('plain.json', { eco: { url: 'https://eco.example.fr', username: 'p', app_password: 'x' } }) }, ['worker']).sites[0]!.canonicalToSource, false, 'absent by default');

  const yml = file('bad.yml', ['eco:', '  url: https://eco.example.fr', '  username: p', '  app_password: x', '  default_status: publish', '  canonical_to_source: yes', ''].join('\n'));
  const text = issues({ ...base, PLUME_SITES_FILE: yml }).map((i) => `${i.variable}: ${i.message}`).join('\n');
  assert.ok(text.includes(`PLUME_SITES_FILE (${yml}, site "eco", field default_status): expected "draft" or "pending"`), text);
  assert.ok(text.includes(`PLUME_SITES_FILE (${yml}, site "eco", field canonical_to_source): expected true or false`), text);

  const broken = file('broken.yaml', 'eco: [unclosed\n');
  const brokenText = issues({ ...base, PLUME_SITES_FILE: broken }).map((i) => `${i.variable}: ${i.message}`).join('\n');
  assert.ok(brokenText.includes(`PLUME_SITES_FILE (${broken}): cannot read ${broken} as YAML`), brokenText);
  // seo_language is gone: Plume writes and checks French only, and the SEO plugin analyses in the site's own language.
  const old = file('old.yaml', ['eco:', '  url: https://eco.example.fr', '  username: p', '  app_password: x', '  seo_language: fr', ''].join('\n'));
  assert.ok(issues({ ...base, PLUME_SITES_FILE: old }).some((i) => /unknown field seo_language/.test(i.message)));
  const list = file('list.yml', '- url: https://eco.example.fr\n');
  assert.ok(issues({ ...base, PLUME_SITES_FILE: list }).some((i) => i.variable === `PLUME_SITES_FILE (${list})` && /expected a YAML mapping of site name → site/.test(i.message)));
});

test('the source key includes the site, except the default site, whose keys stay what they were', () => {
  const item = { url: 'https://example.org/a' };
  assert.equal(sourceKey({ ...item, site: undefined }), sourceKey(item));
  assert.notEqual(sourceKey({ ...item, site: 'sport' }), sourceKey(item));
  assert.notEqual(sourceKey({ ...item, site: 'sport' }), sourceKey({ ...item, site: 'eco' }));
  // Pinned: jobs enqueued before there were several sites must still dedupe.
  assert.equal(sourceKey(item), 'src-010cec320b0ab0d07e31f049c593e848');
  assert.equal(sourceKey({ text: 'Un texte' }), 'src-af7c72652e5d61d447e5129c04787025');
});
