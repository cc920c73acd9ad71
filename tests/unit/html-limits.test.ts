import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HTML_LIMITS } from '../../config/limits.js';
import { PermanentError } from '../../errors/index.js';
import { extractArticle } from '../../jobs/article/source/extract-html.js';
import { assertHtmlWithinLimits, htmlLimitProblem, htmlLimitProblemAsync } from '../../jobs/article/source/html-limits.js';
import { sourceLimitIssues } from '../../jobs/article/payload.js';

const page = (body: string) => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;
/** `<div>` nested `depth` deep inside `<html><body>`, closed or not. */
const nested = (depth: number, close = true) => page('<div>'.repeat(depth - 2) + 'texte' + (close ? '</div>'.repeat(depth - 2) : ''));
const DEEP = '<div>'.repeat(400_000);

test('elements nested up to the limit pass; one level more is refused, naming the limit', async () => {
  assert.equal(htmlLimitProblem(nested(HTML_LIMITS.maxDepth)), undefined);
  const problem = htmlLimitProblem(nested(HTML_LIMITS.maxDepth + 1));
  assert.match(problem ?? '', new RegExp(`nested at most ${HTML_LIMITS.maxDepth} deep \\(the nesting limit\\)`));
  assert.equal(htmlLimitProblem(nested(HTML_LIMITS.maxDepth + 1, false)), problem, 'unclosed elements count as open');
  assert.equal(htmlLimitProblem(DEEP), problem);
  assert.equal(await htmlLimitProblemAsync(DEEP), problem);
  assert.equal(await htmlLimitProblemAsync(nested(HTML_LIMITS.maxDepth)), undefined);
});

test('what a browser closes by itself does not nest: void elements, implied ends, end tags of an ancestor', () => {
  const many = 5_000;
  const shapes = {
    'void elements': '<div>' + '<br><img src=x><input><hr><meta charset=utf-8><link rel=x><wbr>'.repeat(many) + '</div>',
    'paragraphs never closed': '<p>un'.repeat(many),
    'list items never closed': '<ul>' + '<li>un'.repeat(many) + '</ul>',
    'table cells and rows never closed': '<table>' + '<tr><td>a<td>b'.repeat(many) + '</table>',
    'options never closed': '<select>' + '<option>a'.repeat(many) + '</select>',
    'an end tag closing the open children': '<div><span><b><i>texte</div>'.repeat(many),
    'self-closing SVG': '<svg>' + '<path d="M0 0"/><g/>'.repeat(many) + '</svg>',
    'tags inside scripts, styles, comments, textareas': `<script>${'<div>'.repeat(many)}</script><style>${'<div>'.repeat(many)}</style><!--${'<div>'.repeat(many)}--><textarea>${'<div>'.repeat(many)}</textarea>`,
  };
  for (const [shape, body] of Object.entries(shapes)) assert.equal(htmlLimitProblem(page(body)), undefined, shape);
});

test('HTML syntax that does nest is counted: `<div/>` opens a div, as in a browser', () => {
  assert.match(htmlLimitProblem(page('<div/>'.repeat(HTML_LIMITS.maxDepth))) ?? '', /nesting limit/);
  assert.match(htmlLimitProblem(page('<span><b>'.repeat(HTML_LIMITS.maxDepth / 2))) ?? '', /nesting limit/);
});

test('HTML over the size limit is refused, naming the limit', async () => {
  const big = page('<p>mot</p>'.repeat(Math.ceil(HTML_LIMITS.maxChars / 10)));
  assert.match(htmlLimitProblem(big) ?? '', new RegExp(`at most ${HTML_LIMITS.maxChars} characters of HTML \\(the size limit\\)`));
  assert.equal(await htmlLimitProblemAsync(big), htmlLimitProblem(big));
});

test('the clean step refuses deep HTML as permanent before building any DOM', () => {
  for (const run of [() => assertHtmlWithinLimits(DEEP), () => extractArticle(DEEP)]) {
    assert.throws(run, (error: unknown) => {
      assert.ok(error instanceof PermanentError, String(error));
      assert.equal(error.step, 'clean');
      assert.equal(error.input, 'html');
      assert.equal(error.retryable, false);
      assert.match(error.message, /nesting limit/);
      return true;
    });
  }
});

test('the API names the html field for deep HTML; text sources are not parsed', async () => {
  const problem = htmlLimitProblem(DEEP)!;
  assert.deepEqual(await sourceLimitIssues({ html: DEEP }), [{ field: 'html', code: 'field_html_too_complex', message: problem, params: { limit: problem } }]);
  assert.deepEqual(await sourceLimitIssues({ html: nested(40) }), []);
  assert.deepEqual(await sourceLimitIssues({ text: DEEP }), []);
});
