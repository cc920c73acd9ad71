import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectLanguage } from '../../jobs/article/source/detect-language.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

test('detects the fixtures', () => {
  assert.equal(detectLanguage(fixture('lavrov-pyongyang.fr.txt')).code, 'fr');
  assert.equal(detectLanguage(fixture('esa-satellite.en.txt')).code, 'en');
});

test('classifies one short news sentence per major language, as ISO 639-1', () => {
  for (const [code, text] of [
    ['fr', 'Le ministre est arrivé mercredi à Pyongyang.'],
    ['en', 'The minister arrived on Wednesday in Pyongyang.'],
    ['es', 'El ministro llegó el miércoles a la capital.'],
    ['de', 'Der Minister kam am Mittwoch in der Hauptstadt an.'],
    ['it', 'Il ministro è arrivato mercoledì nella capitale.'],
    ['pt', 'O ministro chegou na quarta-feira à capital.'],
    ['ru', 'Министр иностранных дел России прибыл в среду в столицу Северной Кореи, сообщает агентство.'],
    ['zh', '俄罗斯外交部长周三抵达朝鲜首都平壤，进行为期两天的访问。'],
  ] as const) {
    assert.equal(detectLanguage(text).code, code, text);
  }
});

test('answers und when the text is too short to tell', () => {
  for (const text of ['', 'ok', 'Kim Jong-un', '2023-10-19 10h30', 'Source link']) {
    assert.deepEqual(detectLanguage(text), { code: 'und' });
  }
});

test('gives a margin as confidence, 1 when a single language is allowed', () => {
  const fr = detectLanguage('Le ministre est arrivé mercredi à Pyongyang.');
  assert.ok(fr.confidence !== undefined && fr.confidence > 0 && fr.confidence <= 1);
  assert.deepEqual(detectLanguage('Le ministre est arrivé mercredi à Pyongyang.', { only: ['fr'] }), { code: 'fr', confidence: 1 });
});

test('the only option restricts the candidates', () => {
  const text = 'El ministro llegó el miércoles a la capital.';
  assert.ok(['fr', 'en'].includes(detectLanguage(text, { only: ['fr', 'en'] }).code));
});
