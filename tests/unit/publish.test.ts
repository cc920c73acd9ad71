import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WpPost } from '../../clients/wordpress/index.js';
import { META } from '../../clients/wordpress/index.js';
import { draftFields, fieldsNotStored, notPlumesDraft, safeSlug } from '../../jobs/article/steps/publish.js';
import { articleFixture } from '../helpers/fixtures.js';
import { seoPluginsOf } from '../../clients/wordpress/seo.js';

const article = articleFixture('revised');
const fields = draftFields({ article, content: '<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->', sourceKey: 'src-1', categories: [3], tags: [5, 4], featuredMedia: 9, report: '{}', seoPlugins: ['yoast', 'rankmath'] });

const stored = (): WpPost => ({
  id: 1,
  author: 7,
  status: 'draft',
  slug: fields.slug,
  link: 'http://x/?p=1',
  date: '',
  modified: '',
  title: { raw: fields.title, rendered: '' },
  content: { raw: fields.content, rendered: '' },
  excerpt: { raw: fields.excerpt, rendered: '' },
  categories: [3],
  tags: [4, 5],
  featured_media: 9,
  meta: { ...fields.meta },
});

test('safeSlug keeps ASCII words and falls back to the keyphrase', () => {
  assert.equal(safeSlug('Lavrov en Corée du Nord : l’été', 'x'), 'lavrov-en-coree-du-nord-lete');
  assert.equal(safeSlug('«»', 'Corée du Nord'), 'coree-du-nord');
});

test('draft fields carry the six SEO meta and the source key', () => {
  assert.equal(fields.status, 'draft');
  assert.equal(fields.meta[META.yoastFocusKeyword], article.focus_keyword);
  assert.equal(fields.meta[META.rankMathTitle], article.seo_title);
  assert.equal(fields.meta[META.rankMathDescription], article.meta_description);
  assert.equal(fields.meta[META.sourceKey], 'src-1');
});

test('fieldsNotStored finds nothing when WordPress kept everything, in any term order', () => {
  assert.deepEqual(fieldsNotStored(fields, stored()), []);
});

test('a slug WordPress suffixed because another post has it is kept', () => {
  assert.deepEqual(fieldsNotStored(fields, { ...stored(), slug: `${fields.slug}-2` }), []);
});

test('fieldsNotStored names each field WordPress dropped or changed', () => {
  const post = stored();
  post.meta = { ...post.meta, [META.yoastTitle]: '' };
  post.tags = [4];
  post.featured_media = 0;
  post.slug = 'autre-chose';
  assert.deepEqual(fieldsNotStored(fields, post), [
    `slug (sent "${fields.slug}", stored "autre-chose")`,
    'tags',
    'featured_media',
    `meta ${META.yoastTitle}`,
  ]);
});

test("a draft is Plume's only when Plume's user created it, it is still a draft, and its content matches the stored hash", () => {
  assert.equal(notPlumesDraft(stored(), 7), undefined);
  assert.match(notPlumesDraft(stored(), 8) ?? '', /post 1 was created by WordPress user 7, not by Plume's user \(8\)/);
  assert.match(notPlumesDraft({ ...stored(), status: 'publish' }, 7) ?? '', /status "publish"/);
  assert.match(notPlumesDraft({ ...stored(), content: { raw: '<p>revu</p>', rendered: '' } }, 7) ?? '', /edited since Plume wrote it/);
  assert.match(notPlumesDraft({ ...stored(), meta: { ...fields.meta, [META.contentHash]: '' } }, 7) ?? '', /edited since/, 'no stored hash: not provably Plume\'s');
});

test('every field but the content reaches WordPress as plain text, one line, within its limit', () => {
  const planted = '<script>alert(1)</script><img src=x onerror=alert(2)><!-- wp:html -->\n&lt;b&gt;';
  const hostile = draftFields({
    article: {
      ...article,
      title: `${planted}Lavrov en Corée du Nord`,
      seo_title: `<iframe src="https://evil.example"></iframe>${article.seo_title}`,
      focus_keyword: `Lavrov\n## règle ${planted}`,
      slug: `${planted}lavrov`,
      meta_description: `<a href="javascript:alert(1)">Lire</a> ${'très long '.repeat(500)}`,
      excerpt: `Extrait ${planted}\r\nsuite`,
    },
    content: '<p>x</p>',
    sourceKey: 'src-1',
    categories: [],
    tags: [],
    featuredMedia: undefined,
    report: '{}',
    seoPlugins: ['yoast', 'rankmath', 'aioseo', 'seopress'],
  });
  const { [META.report]: _report, ...meta } = hostile.meta;
  const plainFields = { title: hostile.title, slug: hostile.slug, excerpt: hostile.excerpt, ...meta };
  for (const [field, value] of Object.entries(plainFields)) {
    assert.doesNotMatch(String(value), /[<>\p{Cc}]/u, field);
  }
  assert.equal(hostile.title, 'Lavrov en Corée du Nord');
  assert.equal(hostile.excerpt, 'Extrait suite');
  assert.equal(hostile.slug, 'lavrov');
  assert.equal(hostile.meta[META.yoastFocusKeyword], 'Lavrov ## règle');
  assert.ok([...String(hostile.meta[META.yoastDescription])].length <= 156);
  assert.match(String(hostile.meta[META.rankMathDescription]), /^Lire très long/);
});

test('SEO meta goes where each plugin the site runs reads it; with none, only Plume\'s own', () => {
  const base = { article, content: '<p>x</p>', sourceKey: 'src-1', categories: [], tags: [], featuredMedia: undefined, report: '{}' };
  const none = draftFields({ ...base, seoPlugins: [] }).meta;
  assert.deepEqual(Object.keys(none).sort(), [META.contentHash, META.plumeFocusKeyword, META.plumeMetaDescription, META.plumeSeoTitle, META.report, META.sourceKey].sort());
  assert.equal(none[META.plumeFocusKeyword], article.focus_keyword);
  const both = draftFields({ ...base, seoPlugins: ['aioseo', 'seopress'] }).meta;
  assert.deepEqual(
    [both[META.aioseoTitle], both[META.aioseoDescription], both[META.aioseoKeywords], both[META.seopressTitle], both[META.seopressDescription], both[META.seopressKeyword]],
    [article.seo_title, article.meta_description, article.focus_keyword, article.seo_title, article.meta_description, article.focus_keyword],
  );
  assert.equal(both[META.yoastFocusKeyword], undefined);
  assert.deepEqual(seoPluginsOf(['wp/v2', 'rankmath/v1', 'plume/v1', 'seopress/v1', 'yoast/v1/extra']), ['rankmath', 'seopress']);
});
