import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { articleSchema } from '../../jobs/article/contract.js';
import { applyTypography, frenchTypography, typographyIssues } from '../../jobs/article/typography.js';

const NBSP = '\u00A0';

test('no-break space before : ; ? ! and inside « »', () => {
  assert.equal(frenchTypography('Lavrov : un dialogue'), `Lavrov${NBSP}: un dialogue`);
  assert.equal(frenchTypography('Vraiment? Oui! Enfin; bref:'), `Vraiment${NBSP}? Oui${NBSP}! Enfin${NBSP}; bref${NBSP}:`);
  assert.equal(frenchTypography('«bonjour»'), `«${NBSP}bonjour${NBSP}»`);
  assert.equal(frenchTypography('« à sa convenance ».'), `«${NBSP}à sa convenance${NBSP}».`);
  assert.equal(frenchTypography('Quoi ?!'), `Quoi${NBSP}?!`, 'one space before a group of marks');
  assert.equal(frenchTypography('il a dit :« oui »'), `il a dit${NBSP}:«${NBSP}oui${NBSP}»`);
});

test('narrow no-break spaces and runs of spaces become one U+00A0', () => {
  assert.equal(frenchTypography('mot\u202F?'), `mot${NBSP}?`);
  assert.equal(frenchTypography('mot   !'), `mot${NBSP}!`);
});

test('typographic apostrophe between letters only', () => {
  assert.equal(frenchTypography("l'ONU et aujourd'hui"), 'l’ONU et aujourd’hui');
  assert.equal(frenchTypography("'quoted' and 5'"), "'quoted' and 5'");
});

test('URLs, times and e-mail addresses are left alone', () => {
  const text = 'Rendez-vous à 10:30 sur https://example.org/a?b=1&c=2: ok, ou www.site.fr/x?y=2 et a.b@c.fr';
  const fixed = frenchTypography(text);
  assert.match(fixed, /10:30/);
  assert.match(fixed, /https:\/\/example\.org\/a\?b=1&c=2:/);
  assert.match(fixed, /www\.site\.fr\/x\?y=2/);
  assert.match(fixed, /a\.b@c\.fr/);
  assert.equal(frenchTypography('ratio 3:1 et (?)'), 'ratio 3:1 et (?)');
});

test('idempotent', () => {
  const texts = [
    "Lavrov en Corée du Nord : « l'entretien » ?! Oui ; non : http://x.fr/?a=1 !",
    readFileSync(new URL('../fixtures/lavrov-pyongyang.fr.txt', import.meta.url), 'utf8'),
  ];
  for (const text of texts) {
    const once = frenchTypography(text);
    assert.equal(frenchTypography(once), once);
    assert.deepEqual(typographyIssues(once), []);
  }
});

test('typographyIssues names each problem with its context', () => {
  assert.deepEqual(typographyIssues(`Correct${NBSP}: «${NBSP}oui${NBSP}» l’ONU`), []);
  const issues = typographyIssues("Corée du Nord : l'ONU «oui»");
  assert.equal(issues.length, 4);
  assert.ok(issues.some((issue) => /^the space before “:” is not a no-break space .* in “Corée du Nord : l'ONU/.test(issue)));
  assert.ok(issues.some((issue) => issue.startsWith("straight apostrophe ' instead of ’")));
  assert.ok(issues.some((issue) => issue.startsWith('missing no-break space after “«”')));
  assert.ok(issues.some((issue) => issue.startsWith('missing no-break space before “»”')));
});

test('applyTypography fixes every field but the slug', () => {
  const article = articleSchema.parse(
    JSON.parse(readFileSync(new URL('../fixtures/lavrov-pyongyang.first-draft.json', import.meta.url), 'utf8')),
  );
  const withQuote = { ...article, slug: "l'exemple:slug" };
  const fixed = applyTypography(withQuote);
  assert.equal(fixed.slug, "l'exemple:slug");
  assert.equal(fixed.title, `Lavrov en Corée du Nord${NBSP}: Moscou veut un dialogue de sécurité avec Pyongyang et la Chine`);
  assert.equal(fixed.tags.at(-1), 'Conseil de sécurité de l’ONU');
  const texts = [fixed.title, fixed.seo_title, fixed.meta_description, fixed.excerpt, fixed.lead, ...fixed.tags];
  for (const section of fixed.sections) texts.push(section.heading, ...section.paragraphs);
  for (const text of texts) assert.deepEqual(typographyIssues(text), [], text);
  assert.deepEqual(applyTypography(fixed), fixed);
});
