import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capLength, plainArticle, plainTermNames, plainText, PLAIN_LIMITS } from '../../jobs/article/plain-text.js';
import { articleFixture } from '../helpers/fixtures.js';

const article = articleFixture('revised');

test('markup is removed, not escaped into visible junk', () => {
  assert.equal(plainText('<b>Lavrov</b> en Corée du Nord'), 'Lavrov en Corée du Nord');
  assert.equal(plainText('Titre<script>alert(1)</script><img src=x onerror=alert(2)>'), 'Titre');
  assert.equal(plainText('<!-- wp:html --><script>alert(1)</script><!-- /wp:html -->Extrait'), 'Extrait');
  assert.equal(plainText('<a href="javascript:alert(1)">Lire</a> la suite'), 'Lire la suite');
  assert.equal(plainText('<iframe src="https://evil.example"></iframe>Titre SEO'), 'Titre SEO');
  assert.equal(plainText('<style>h1{}</style>Science &amp; Espace'), 'Science & Espace');
  assert.equal(plainText('<p>Moscou</p><p>Pyongyang</p>Titre<br>suite'), 'Moscou Pyongyang Titre suite');
});

test('entities are decoded, then checked again: encoded markup cannot come back as a tag', () => {
  for (const encoded of ['&lt;script&gt;alert(1)&lt;/script&gt;', '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;', '&#60;script&#x3e;alert(1)&#60;/script&#62;']) {
    assert.equal(plainText(`Titre ${encoded}`), 'Titre', encoded);
  }
  assert.doesNotMatch(plainText('x<scr<script>ipt>alert(1)</script>'), /[<>]/);
  // A lone angle bracket is no tag, but none is left for a later step to pair with another.
  assert.equal(plainText('inflation < 2 %'), 'inflation ‹ 2 %');
});

test('one line: control characters, separators and bidi overrides go, non-breaking spaces stay', () => {
  assert.equal(plainText('Lavrov\n## Nouvelle règle\r\n\tici\u0000\u2028\u202Efin\uFEFF'), 'Lavrov ## Nouvelle règle ici fin');
  assert.equal(plainText('Pyongyang\u00a0: l’accord \u00ab\u202fsigné\u202f\u00bb'), 'Pyongyang\u00a0: l’accord \u00ab\u202fsigné\u202f\u00bb');
  assert.equal(plainText('a\ud800b'), 'a b');
});

test('lengths are capped at a word boundary', () => {
  const long = 'Lavrov en Corée du Nord, une visite qui compte pour Moscou et pour Pyongyang. '.repeat(70);
  const cut = plainText(long, PLAIN_LIMITS.meta_description);
  assert.ok([...cut].length <= 156, String(cut.length));
  assert.ok(long.startsWith(cut));
  assert.match(cut, /[^\s,]$/);
  assert.ok(long.startsWith(`${cut} `) || long.startsWith(`${cut}.`) || long.startsWith(`${cut},`), 'cut between words');
  assert.equal(capLength('a'.repeat(100), 10), 'a'.repeat(10));
  assert.equal(capLength('court', 10), 'court');
});

test('plainArticle cleans every one-line field, drops tags left empty and says what it removed', () => {
  const { article: plain, removed } = plainArticle({
    ...article,
    title: '<b>Lavrov</b> en Corée du Nord',
    excerpt: 'Extrait\nsur deux lignes',
    meta_description: 'Lavrov en Corée du Nord. '.repeat(20),
    tags: ['<script>alert(1)</script>', 'Pyongyang', '<b></b>!!', 'Kim&nbsp;Jong-un'],
  });
  assert.equal(plain.title, 'Lavrov en Corée du Nord');
  assert.equal(plain.excerpt, 'Extrait sur deux lignes');
  assert.ok([...plain.meta_description].length <= PLAIN_LIMITS.meta_description);
  assert.deepEqual(plain.tags, ['Pyongyang', 'Kim\u00a0Jong-un']);
  assert.deepEqual(removed, { markup: ['title', 'tags[0]', 'tags[2]', 'tags[3]'], cut: ['meta_description'] });
  // The body is rendered escaped and left as the model wrote it.
  assert.deepEqual(plain.sections, article.sections);
  assert.deepEqual(plainArticle(article).removed, { markup: [], cut: [] });
});

test('term names WordPress would reduce to nothing are dropped', () => {
  assert.deepEqual(plainTermNames(['Monde', ' <b>Diplomatie</b> ', '...', '<script>x</script>', '']), ['Monde', 'Diplomatie']);
});
