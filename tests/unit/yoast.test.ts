import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { articleSchema, type Article } from '../../jobs/article/contract.js';
import { renderArticle, type RenderAdditions } from '../../jobs/article/render.js';
import {
  analyzeYoast,
  countYoastWords,
  keyphraseContentWords,
  titleWidthPx,
  yoastWordCount,
} from '../../jobs/article/checks/yoast.js';

const fixture = (name: string): Article =>
  articleSchema.parse(JSON.parse(readFileSync(new URL(`../fixtures/lavrov-pyongyang.${name}.json`, import.meta.url), 'utf8')));

const SITE = 'https://site.test';
const ADDITIONS: RenderAdditions = {
  image: { url: `${SITE}/wp-content/uploads/lavrov.jpg`, alt: 'Lavrov en Corée du Nord, reçu par Kim Jong-un' },
  sourceUrl: 'https://www.example.org/lavrov-pyongyang',
  relatedPosts: [{ title: 'Kim Jong-un et Poutine à Vostochny', url: `${SITE}/kim-poutine-vostochny/` }],
};

function analyse(article: Article, additions: RenderAdditions = {}) {
  const { html } = renderArticle(article, additions);
  return analyzeYoast({
    html,
    keyword: article.focus_keyword,
    seoTitle: article.seo_title,
    metaDescription: article.meta_description,
    slug: article.slug,
    permalink: `${SITE}/${article.slug}/`,
  });
}

test('first draft scores SEO 78, readability 90', () => {
  const report = analyse(fixture('first-draft'));
  assert.equal(report.seo, 78);
  assert.equal(report.readability, 90);
  // What keeps it from green: no keyphrase in subheadings, long sentences, no image or links.
  const failing = report.assessments.filter((a) => a.rating !== 'good').map((a) => a.id);
  for (const id of ['subheadingsKeyword', 'textSentenceLength', 'images', 'internalLinks', 'externalLinks']) {
    assert.ok(failing.includes(id), `${id} should fail, failing: ${failing.join(', ')}`);
  }
});

test('revised scores SEO 82, readability 90', () => {
  const report = analyse(fixture('revised'));
  assert.equal(report.seo, 82);
  assert.equal(report.readability, 90);
});

test('revised with image, source link and internal link scores SEO 99, readability 90', (t) => {
  const article = fixture('revised');
  analyse(article, ADDITIONS); // warm-up: the first analysis also loads Yoast's modules
  const started = performance.now();
  const report = analyse(article, ADDITIONS);
  t.diagnostic(`analysis took ${Math.round(performance.now() - started)} ms`);
  assert.equal(report.seo, 99);
  assert.equal(report.readability, 90);
  const seo = report.assessments.filter((a) => a.kind === 'seo');
  assert.ok(seo.every((a) => a.rating === 'good'), JSON.stringify(seo.filter((a) => a.rating !== 'good')));
});

test('internal links are told apart by the permalink host', () => {
  const article = fixture('revised');
  const { html } = renderArticle(article, ADDITIONS);
  const elsewhere = analyzeYoast({
    html,
    keyword: article.focus_keyword,
    seoTitle: article.seo_title,
    metaDescription: article.meta_description,
    slug: article.slug,
    permalink: 'https://other.test/post/',
  });
  assert.equal(elsewhere.assessments.find((a) => a.id === 'internalLinks')?.rating, 'bad');
});

test('assessments are plain data with tag-free text', () => {
  const report = analyse(fixture('revised'));
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  for (const assessment of report.assessments) {
    assert.ok(['seo', 'readability'].includes(assessment.kind));
    assert.ok(['good', 'ok', 'bad', 'feedback'].includes(assessment.rating));
    assert.doesNotMatch(assessment.text, /<[^>]+>/);
    assert.ok(assessment.text.length > 0);
  }
  assert.ok(report.assessments.some((a) => a.id === 'textTransitionWords' && a.rating === 'ok'));
});

test('title width follows Arial 20px', () => {
  assert.equal(titleWidthPx(''), 0);
  // Known Arial advances per 1000 em: i 222, m 833, W 944, space 278.
  assert.equal(titleWidthPx('iiiii'), Math.round((5 * 222 * 20) / 1000));
  assert.equal(titleWidthPx('W m'), Math.round(((944 + 278 + 833) * 20) / 1000));
  assert.equal(titleWidthPx('é'), titleWidthPx('e'), 'accents take the base letter width');
  assert.equal(titleWidthPx('Lavrov en Corée du Nord : un dialogue de sécurité proposé'), 526);
  assert.ok(titleWidthPx('Lavrov en Corée du Nord : Moscou veut un dialogue de sécurité avec Pyongyang et la Chine') > 600);
});

test('keyphrase content words drop French function words', () => {
  assert.deepEqual(keyphraseContentWords('Lavrov en Corée du Nord'), ['lavrov', 'corée', 'nord']);
  assert.deepEqual(keyphraseContentWords('de la'), []);
});

test('word counts are Yoast’s', () => {
  const article = fixture('revised');
  const { html } = renderArticle(article);
  const count = yoastWordCount(html);
  assert.ok(count > 1000 && count < 1100, String(count));
  assert.equal(countYoastWords('<p>Kim Jong-un a dit : « oui ».</p>'), 5);
});
