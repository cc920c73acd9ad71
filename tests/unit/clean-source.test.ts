import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cleanSource, MIN_SOURCE_WORDS, type CleanSource } from '../../jobs/article/source/clean-source.js';
import { PermanentError } from '../../errors/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const isCleanError = (input: string) => (e: unknown) => e instanceof PermanentError && e.step === 'clean' && e.input === input;
const roundTrips = (c: CleanSource): void => assert.deepEqual(JSON.parse(JSON.stringify(c)), c);

test('pasted French text: cleaned, detected fr, removals reported', () => {
  const c = cleanSource({ text: fixture('lavrov-pyongyang.fr.txt'), title: ' Lavrov à Pyongyang ' });
  assert.equal(c.title, 'Lavrov à Pyongyang');
  assert.equal(c.language, 'fr');
  assert.equal(c.detectedLanguage, 'fr');
  assert.match(c.text, /Pyongyang\. Le ministre russe/);
  for (const defect of ['(PA)', 'Sur cette photo', 'Dix ans de règne bizarre', 'à Séoul, a déclaré.', 'Ministère étranger.', 'Source link', ' »Après']) {
    assert.ok(!c.text.includes(defect), defect);
  }
  assert.ok(c.wordCount > 950 && c.wordCount < 1050, String(c.wordCount));
  assert.equal(c.removed.length, 7);
  assert.equal(c.imageUrl, undefined);
  roundTrips(c);
});

test('pasted English wire text: en, dateline kept as a place, every number kept', () => {
  const c = cleanSource({ text: fixture('esa-satellite.en.txt') });
  assert.equal(c.title, undefined);
  assert.equal(c.detectedLanguage, 'en');
  assert.equal(c.language, 'en');
  assert.ok(c.text.startsWith('PARIS — The European Space Agency'));
  for (const gone of ['Photo:', 'Related:', '(Reporting by', 'Source link', '(Wire)']) assert.ok(!c.text.includes(gone), gone);
  for (const kept of ['3.4 billion', '10 percent', 'December 2', 'six weeks', 'two months']) assert.ok(c.text.includes(kept), kept);
  assert.equal(c.paragraphs.length, 6);
  roundTrips(c);
});

test('HTML page: extracted then cleaned, with its image, site and headline', () => {
  const c = cleanSource({ html: fixture('tram-lyon.fr.html'), url: 'https://www.journal-du-rhone.example/lyon/tram-t10' });
  assert.equal(c.title, 'Lyon : la ligne de tramway T10 mise en service avec trois mois de retard');
  assert.equal(c.imageUrl, 'https://images.journal-du-rhone.example/tram-t10.jpg');
  assert.equal(c.siteName, 'Le Journal du Rhône');
  assert.equal(c.canonicalUrl, undefined);
  assert.equal(c.language, 'fr');
  assert.equal(c.paragraphs.length, 7);
  assert.match(c.text, /Longue de 10,5 kilomètres/);
  assert.ok(!c.text.includes('LIRE AUSSI') && !c.text.includes('PUBLICITÉ'));
  assert.deepEqual(c.removed, [
    { rule: 'photo-caption', text: 'La première rame du T10 quitte la gare de Vénissieux, vendredi matin. (Photo Le Journal du Rhône)' },
  ]);
  roundTrips(c);
});

test('the given title and language win; a language tag is reduced to its primary subtag', () => {
  const c = cleanSource({ html: fixture('tram-lyon.fr.html'), title: 'Le T10 roule', language: 'FR-fr' });
  assert.equal(c.title, 'Le T10 roule');
  assert.equal(c.language, 'fr');
  const en = cleanSource({ text: fixture('lavrov-pyongyang.fr.txt'), language: 'en' });
  assert.equal(en.language, 'en');
  assert.equal(en.detectedLanguage, 'fr');
});

test('throws PermanentError(clean) on input that cleans into nothing usable', () => {
  assert.throws(() => cleanSource({}), isCleanError('text'));
  assert.throws(() => cleanSource({ text: '   ' }), isCleanError('text'));
  const short = 'Le ministre est arrivé mercredi à Pyongyang. (PA)\nSource link';
  assert.throws(() => cleanSource({ text: short }), isCleanError('text'));
  assert.throws(() => cleanSource({ html: '<html><body><nav>Accueil</nav></body></html>' }), isCleanError('html'));
  assert.ok(MIN_SOURCE_WORDS > 10);
});
