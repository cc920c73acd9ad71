import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArticlePayload } from '../../jobs/article/payload.js';
import { normaliseUrl, sourceKey } from '../../jobs/article/source-key.js';

const text = 'Le ministre a déclaré mercredi que la réunion aurait lieu à Pyongyang. '.repeat(5);

test('accepts text, html or url, with the optional fields', () => {
  const parsed = parseArticlePayload({ text, title: ' Titre ', language: 'FR', tags: ['Monde'], focus_keyword: 'Lavrov en Corée' });
  assert.ok(parsed.ok);
  assert.equal(parsed.payload.title, 'Titre');
  assert.equal(parsed.payload.language, 'fr');
  assert.ok(parseArticlePayload({ url: 'https://example.org/a' }).ok);
});

test('names the field and what was expected', () => {
  const issues = (input: unknown) => {
    const parsed = parseArticlePayload(input);
    assert.equal(parsed.ok, false);
    return parsed.ok ? [] : parsed.issues;
  };
  assert.deepEqual(issues({}), [{ field: 'text', message: 'one of text, html or url is required' }]);
  assert.deepEqual(issues({ text, url: 'ftp://x' }), [{ field: 'url', message: 'expected an http(s) URL' }]);
  assert.deepEqual(issues({ text, tags: 'a' }), [{ field: 'tags', message: 'expected an array of tag names' }]);
  assert.equal(issues({ text, tagz: [] })[0]!.field, 'tagz');
  assert.equal(issues('text')[0]!.field, '(body)');
  assert.equal(issues({ text: 'court' })[0]!.field, 'text');
  assert.equal(issues({ text, html: text })[0]!.field, 'html');
});

test('the source key follows the URL when there is one, else the normalised text', () => {
  assert.equal(
    normaliseUrl('https://WWW.Example.org/monde/article/?utm_source=x&b=2&a=1#top'),
    'https://example.org/monde/article?a=1&b=2',
  );
  assert.equal(sourceKey({ url: 'https://example.org/a?utm_medium=rss', text }), sourceKey({ url: 'https://www.example.org/a/' }));
  assert.notEqual(sourceKey({ url: 'https://example.org/a' }), sourceKey({ url: 'https://example.org/b' }));
  assert.equal(sourceKey({ text }), sourceKey({ text: `  ${text.toUpperCase()}\n` }));
  assert.equal(sourceKey({ text: '<p>Un texte</p>' }), sourceKey({ html: '<div>Un  texte</div><script>x()</script>' }));
  assert.notEqual(sourceKey({ text }), sourceKey({ text: `${text} Autre.` }));
  assert.match(sourceKey({ text }), /^src-[0-9a-f]{32}$/);
});
