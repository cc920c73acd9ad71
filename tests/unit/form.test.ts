import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { articleSchema, type Article } from '../../jobs/article/contract.js';
import { renderArticle } from '../../jobs/article/render.js';
import { checkForm, FORM_LIMITS } from '../../jobs/article/checks/form.js';
import { applyTypography } from '../../jobs/article/typography.js';

const revised = applyTypography(
  articleSchema.parse(
    JSON.parse(readFileSync(new URL('../fixtures/lavrov-pyongyang.revised.json', import.meta.url), 'utf8')),
  ),
);

const check = (article: Article, keyword?: string) => checkForm({ article, html: renderArticle(article).html, keyword });
const ids = (article: Article, keyword?: string): string[] => check(article, keyword).findings.map((f) => f.id);

test('the revised fixture, typography applied, passes', () => {
  const report = check(revised);
  assert.deepEqual(report.findings, []);
  assert.equal(report.passed, true);
  assert.equal(report.language, 'fra');
  assert.ok(report.wordCount >= FORM_LIMITS.minWords, String(report.wordCount));
  assert.equal(report.h2Count, revised.sections.length);
  assert.equal(report.metaDescriptionLength, 153);
  assert.equal(report.seoTitleWidthPx, 526);
  assert.deepEqual(report.keyphraseContentWords, ['lavrov', 'corée', 'nord']);
  assert.ok(report.longestSection && report.longestSection.words <= FORM_LIMITS.maxSectionWords);
});

test('findings carry an English message and a French instruction', () => {
  const [finding] = check({ ...revised, sections: revised.sections.slice(0, 2) }).findings;
  assert.ok(finding);
  assert.match(finding.message, /words; at least 700 are required/);
  assert.match(finding.instruction, /il en faut au moins 700/);
});

test('language is detected, not assumed', () => {
  const english = {
    ...revised,
    lead: 'The European Space Agency said on Tuesday it would postpone the launch of its weather satellite.',
    sections: revised.sections.map((section) => ({
      ...section,
      paragraphs: ['Engineers found a faulty valve in the upper stage of the rocket during the final checks at the spaceport, the agency said in a statement released to reporters on Tuesday evening.'],
    })),
  };
  assert.ok(ids(english).includes('language'));
});

test('length and structure', () => {
  assert.ok(ids({ ...revised, sections: revised.sections.slice(0, 2) }).includes('word_count'));
  assert.ok(ids({ ...revised, sections: revised.sections.slice(0, 2) }).includes('sections'));
  const long = revised.sections.map((section, i) =>
    i === 0 ? { ...section, paragraphs: revised.sections.flatMap((s) => s.paragraphs).slice(0, 8) } : section,
  );
  const report = check({ ...revised, sections: long });
  const finding = report.findings.find((f) => f.id === 'section_length');
  assert.ok(finding, JSON.stringify(report.findings));
  assert.match(finding.instruction, /Un voyage de deux jours/);
});

test('meta description between 120 and 156 characters', () => {
  assert.ok(ids({ ...revised, meta_description: 'Lavrov en Corée du Nord : trop court.' }).includes('meta_description_length'));
  const long = `${revised.meta_description} Il faut aussi parler des munitions.`;
  assert.ok(ids({ ...revised, meta_description: long }).includes('meta_description_length'));
});

test('SEO title must fit 600 px', () => {
  const seoTitle = 'Lavrov en Corée du Nord : Moscou veut un dialogue de sécurité avec Pyongyang et Pékin';
  const report = check({ ...revised, seo_title: seoTitle });
  assert.ok(report.seoTitleWidthPx > 600);
  assert.ok(report.findings.some((f) => f.id === 'seo_title_width'));
});

test('keyphrase: 1 to 4 content words, French function words not counted', () => {
  const keyword = 'Lavrov en Corée du Nord';
  assert.ok(!ids(revised, keyword).includes('keyphrase_length'));
  assert.ok(ids(revised, 'visite officielle Lavrov Corée Nord').includes('keyphrase_length'));
  assert.ok(ids(revised, 'de la').includes('keyphrase_length'));
});

test('slug: lowercase ASCII and holding the keyphrase', () => {
  assert.ok(ids({ ...revised, slug: 'Lavrov-en-Corée-du-Nord' }).includes('slug_format'));
  assert.ok(ids({ ...revised, slug: 'lavrov--coree' }).includes('slug_format'));
  assert.ok(ids({ ...revised, slug: 'dialogue-securite-pyongyang' }).includes('keyphrase_in_slug'));
  // Yoast's way: the content words are enough.
  assert.ok(!ids({ ...revised, slug: 'lavrov-coree-nord-dialogue' }).includes('keyphrase_in_slug'));
});

test('keyphrase in title, SEO title, lead and meta description', () => {
  const missing = ids({
    ...revised,
    title: 'Moscou veut un dialogue de sécurité',
    seo_title: 'Moscou et Pyongyang, un dialogue',
    lead: revised.lead.replace('Lavrov en Corée du Nord', 'Lavrov à Pyongyang'),
    meta_description: revised.meta_description.replace('Lavrov en Corée du Nord', 'Lavrov à Pyongyang'),
  });
  for (const id of ['keyphrase_in_title', 'keyphrase_in_seo_title', 'keyphrase_in_lead', 'keyphrase_in_meta_description']) {
    assert.ok(missing.includes(id), id);
  }
});

test('French typography', () => {
  const report = check({ ...revised, lead: `${revised.lead} Pourquoi ?`, excerpt: "l'ONU" });
  const finding = report.findings.find((f) => f.id === 'typography');
  assert.ok(finding);
  assert.match(finding.message, /2 French typography issue/);
  assert.match(finding.message, /lead: the space before “\?”/);
  assert.match(finding.message, /excerpt: straight apostrophe/);
});

test('no HTML or Markdown in any field', () => {
  const cases: Array<[Partial<Article>, RegExp]> = [
    [{ lead: `${revised.lead} <b>Important</b>` }, /lead contains an HTML tag/],
    [{ excerpt: 'Un **point** clé' }, /excerpt contains Markdown emphasis/],
    [{ sections: [{ heading: '## Titre', paragraphs: ['Texte.'] }, ...revised.sections] }, /sections\[0\]\.heading contains a Markdown heading/],
    [{ meta_description: 'Voir [la source](https://example.org).' }, /meta_description contains a Markdown link/],
    [{ sections: [{ heading: 'Titre', paragraphs: ['- un point\n- un autre'] }, ...revised.sections] }, /sections\[0\]\.paragraphs\[0\] contains a Markdown list item/],
    [{ tags: ['Kim&nbsp;Jong-un'] }, /tags\[0\] contains an HTML entity/],
  ];
  for (const [change, message] of cases) {
    const finding = check({ ...revised, ...change }).findings.find((f) => f.id === 'markup');
    assert.ok(finding, String(message));
    assert.match(finding.message, message);
    assert.match(finding.instruction, /texte brut/);
  }
  // A hyphen inside a sentence, or a dash, is not a list.
  assert.ok(!ids({ ...revised, excerpt: 'Moscou - Pyongyang : une alliance – renforcée.' }).includes('markup'));
});

test('an answer whose one-line fields carried markup or ran long is asked again, naming the fields', () => {
  const report = checkForm({ article: revised, html: renderArticle(revised).html, removed: { markup: ['title', 'tags[1]'], cut: ['meta_description'] } });
  const markup = report.findings.find((f) => f.id === 'markup_in_field');
  assert.ok(markup, JSON.stringify(report.findings));
  assert.match(markup.message, /removed from title, tags\[1\]/);
  assert.match(markup.instruction, /title, tags\[1\] contenaient du HTML.*texte brut/);
  const cut = report.findings.find((f) => f.id === 'field_too_long');
  assert.ok(cut);
  assert.match(cut.instruction, /meta_description \(156 caractères au plus\)/);
  assert.equal(checkForm({ article: revised, html: renderArticle(revised).html, removed: { markup: [], cut: [] } }).passed, true);
});
