import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageAlt, imageCaption } from '../../jobs/article/image-text.js';
import { mappedCategoryNames } from '../../jobs/article/category-map.js';
import { canonicalMeta } from '../../clients/wordpress/canonical.js';
import { draftFields } from '../../jobs/article/steps/publish.js';
import { articleFixture } from '../helpers/fixtures.js';

test('the alt text is plain French text with the keyphrase, first when the title lacks it, never cut off by the cap', () => {
  assert.equal(imageAlt({ title: 'Lavrov en Corée du Nord : Moscou veut un dialogue', focus_keyword: 'Lavrov en Corée du Nord' }), 'Lavrov en Corée du Nord : Moscou veut un dialogue');
  assert.equal(imageAlt({ title: 'Moscou veut un dialogue', focus_keyword: 'lavrov à Pyongyang' }), 'lavrov à Pyongyang : Moscou veut un dialogue');
  const hostile = imageAlt({ title: `Moscou <img src=x onerror=alert(1)> "veut"\n<script>alert(2)</script> ${'très '.repeat(60)}`, focus_keyword: 'Lavrov <b>en Corée</b>' });
  assert.ok(hostile.startsWith('Lavrov en Corée : Moscou'), hostile);
  assert.ok(!/[<>\n]|onerror|script/.test(hostile), hostile);
  assert.ok(hostile.length <= 200, String(hostile.length));
});

test("the caption credits the source page's own name, else its host, as plain text; none without either", () => {
  assert.equal(imageCaption('Le <b>Courrier</b> du Nord', 'https://www.courrier.example/a'), 'Photo : Le Courrier du Nord');
  assert.equal(imageCaption(undefined, 'https://www.agence.example/a/1'), 'Photo : agence.example');
  assert.equal(imageCaption('<img src=x>', 'https://agence.example/a'), 'Photo : agence.example');
  assert.equal(imageCaption(undefined, undefined), undefined);
});

test('category_map sends tags to the site\'s categories, ignoring case, once each, after the item\'s category', () => {
  const map = { 'corée du nord': 'Asie', russie: 'Europe', chine: 'Asie', constructor: 'Piège' };
  assert.deepEqual(mappedCategoryNames('Monde', ['Russie', 'CORÉE DU NORD', 'Chine', 'Kim Jong-un', 'russie'], map), ['Monde', 'Europe', 'Asie']);
  assert.deepEqual(mappedCategoryNames(undefined, ['toString', '__proto__'], map), [], "an object's own properties only");
  assert.deepEqual(mappedCategoryNames('asie', ['chine'], map), ['asie'], 'the same category in another case is not added twice');
});

test('the canonical hint goes where each detected SEO plugin reads it, only when asked, and only an http(s) address', () => {
  assert.deepEqual(canonicalMeta(['yoast', 'rankmath'], 'https://source.example/a'), { _yoast_wpseo_canonical: 'https://source.example/a', rank_math_canonical_url: 'https://source.example/a' });
  assert.deepEqual(canonicalMeta(['yoast'], 'javascript:alert(1)'), {});
  const base = { article: articleFixture('revised'), content: '<p>x</p>', sourceKey: 'k', categories: [], tags: [], featuredMedia: undefined, report: '{}', seoPlugins: ['aioseo', 'seopress'] as const };
  assert.deepEqual(Object.keys(draftFields(base).meta).filter((key) => /canonical/.test(key)), []);
  const asked = draftFields({ ...base, canonicalUrl: 'https://source.example/a' }).meta;
  assert.deepEqual([asked['_aioseo_canonical_url'], asked['_seopress_robots_canonical']], ['https://source.example/a', 'https://source.example/a']);
});
