import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceKey } from '../../jobs/article/source-key.js';
import type { ArticleJobData } from '../../jobs/queue.js';
import { jobReview, passageOf } from '../../server/job-review.js';
import { articleFixture } from '../helpers/fixtures.js';

test('the preview keeps the article and drops what could run: a javascript: link from WordPress, markup in the model’s text', () => {
  const article = articleFixture('revised');
  article.lead = `${article.lead} <script>alert(1)</script>`;
  const payload = { text: 'x'.repeat(200) };
  const data: ArticleJobData = {
    payload,
    sourceKey: sourceKey(payload),
    enqueuedAt: new Date().toISOString(),
    state: {
      // A related post's address comes from WordPress, where a co-author may have written anything.
      related: [{ id: 3, title: 'Un article lié', url: 'javascript:alert(document.cookie)' }],
      calls: [{ kind: 'write', outcome: 'ok', finishReason: 'stop', usage: { prompt: 10, completion: 20, total: 30 }, model: 'm', promptVersion: 'v', at: '', article, report: undefined as never }],
    },
  };
  // No report: the latest usable answer is the one with a report; give it a minimal one.
  const call = data.state!.calls![0]!;
  assert.ok(call.outcome === 'ok');
  call.report = { passed: true, targets: { seo: 90, readability: 90 }, yoast: { seo: 90, readability: 90, failing: [] }, form: { wordCount: 800 } as never, facts: { passed: true, checked: { numbers: 0, dates: 0, quotes: 0, names: 0 }, missing: { numbers: [], dates: [], quotes: [], names: [] } } as never, originality: { applicable: true, passed: true, ratio: 0, threshold: 0.3, passages: [] } as never, failures: [] };
  const review = jobReview(data, undefined);
  const html = review.article?.preview_html ?? '';
  assert.match(html, /<h2>/);
  assert.ok(html.includes('Un article lié'));
  assert.doesNotMatch(html, /javascript:/i);
  assert.doesNotMatch(html, /<script/i);
  assert.ok(html.includes('&lt;script&gt;'), 'the model’s markup is shown as text');
});

test('a flagged fact is shown with the sentence that holds it', () => {
  const paragraphs = ['Premier paragraphe sans rapport.', 'La réunion a eu lieu à Pyongyang. L’expert Gaspard Ombredane suit le dossier de près. Une autre phrase.'];
  assert.equal(passageOf('Gaspard Ombredane', paragraphs), 'L’expert Gaspard Ombredane suit le dossier de près.');
  assert.equal(passageOf('absent', paragraphs), null);
});
