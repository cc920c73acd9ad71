import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderArticle } from '../../jobs/article/render.js';
import { articleSchema } from '../../jobs/article/contract.js';

const article = articleSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/lavrov-pyongyang.revised.json', import.meta.url), 'utf8')),
);

test('renders one heading block per section and escapes text', () => {
  const withTag = { ...article, lead: 'A <b> & "c"' };
  const { blocks, html } = renderArticle(withTag);
  assert.equal(blocks.match(/<!-- wp:heading -->/g)?.length, article.sections.length);
  assert.ok(html.startsWith('<p>A &lt;b&gt; &amp; &quot;c&quot;</p>'));
  assert.doesNotMatch(html, /<!--/);
});

test('adds image, related posts and source attribution', () => {
  const { blocks, html } = renderArticle(article, {
    sourceUrl: 'https://www.example.org/a',
    relatedPosts: [{ title: 'Autre', url: 'http://site.test/?p=3' }],
    image: { url: 'http://site.test/i.jpg', alt: 'Lavrov en Corée du Nord', id: 7 },
  });
  assert.match(blocks, /<!-- wp:image \{"id":7,"sizeSlug":"large"\} -->/);
  assert.match(html, /<img src="http:\/\/site.test\/i.jpg" alt="Lavrov en Corée du Nord" class="wp-image-7"\/>/);
  assert.match(html, /À lire aussi : <a href="http:\/\/site.test\/\?p=3">Autre<\/a>/);
  assert.match(html, /<p>Source : <a href="https:\/\/www.example.org\/a">example.org<\/a><\/p>$/);
});

test('markup from the model in a heading or a paragraph is shown as text, never as a tag', () => {
  const planted = '<script>alert(1)</script><img src=x onerror=alert(2)><!-- wp:html --><iframe src="javascript:alert(3)"></iframe>';
  const hostile = {
    ...article,
    lead: `Chapô ${planted}`,
    sections: article.sections.map((section) => ({ heading: `${section.heading} ${planted}`, paragraphs: section.paragraphs.map((p) => `${p} ${planted}`) })),
  };
  const { blocks, html } = renderArticle(hostile);
  // Only the elements and block comments Plume writes itself.
  assert.deepEqual([...new Set(html.match(/<\/?[a-z][a-z0-9]*/gi))].sort(), ['</h2', '</p', '<h2', '<p']);
  assert.deepEqual([...new Set(blocks.match(/<!--[^>]*-->/g))].sort(), ['<!-- /wp:heading -->', '<!-- /wp:paragraph -->', '<!-- wp:heading -->', '<!-- wp:paragraph -->']);
  assert.ok(html.includes(`<h2>${hostile.sections[0]!.heading.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</h2>`));
});
