import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { cachedMatchTextWithTransliteration } from '../../jobs/article/checks/yoast-keyphrase-matching.js';
import { rememberedParticiples } from '../../jobs/article/checks/yoast-participles.js';
import { plainText } from '../../jobs/article/plain-text.js';
import { renderArticle } from '../../jobs/article/render.js';
import { articleFixture } from '../helpers/fixtures.js';

// Yoast's own functions, read before anything installs Plume's in their place (this file never
// imports checks/yoast.ts), so each is compared with the original.
const require = createRequire(import.meta.url);
const yoastMatch = (require('yoastseo/build/languageProcessing/helpers/match/matchTextWithTransliteration.js') as {
  default: (text: string, keyword: string, locale: string) => string[];
}).default;
const yoastParticiples = (require('yoastseo/build/languageProcessing/languages/fr/helpers/internal/getParticiples.js') as {
  default: (clause: string) => string[];
}).default;

const sentences = (): string[] => {
  const article = articleFixture('revised');
  const text = plainText(renderArticle(article, { relatedPosts: [] }).html);
  return text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 0);
};

test('keyphrase matching finds what Yoast finds, sentence by sentence, word form by word form, asked twice', () => {
  const match = cachedMatchTextWithTransliteration(yoastMatch);
  const forms = ['Lavrov', 'lavrov', 'Pyongyang', 'Corée', 'coree', 'russe', 'russes', 'ministre', 'été', 'a.b', 'Straße', 'Kim Jong-un'];
  const texts = [...sentences(), 'La Coree et la Corée, la CORÉE.', 'Die Straße und die Strasse.', 'aXb a.b'];
  let matched = 0;
  for (const locale of ['fr_FR', 'de_DE']) {
    for (const text of texts) {
      for (const form of forms) {
        for (let round = 0; round < 2; round++) {
          const expected = yoastMatch(text, form, locale);
          assert.deepEqual(match(text, form, locale), expected, `${locale} ${form} in ${text}`);
          matched += expected.length;
        }
      }
    }
  }
  assert.ok(matched > 10, 'the texts hold the forms');
});

test('French participles are those Yoast finds, clause by clause, with remembered words', () => {
  const participles = rememberedParticiples(yoastParticiples);
  const clauses = [...sentences(), 'Les accords ont été signés et mis en œuvre, puis écrits.', "L'été est passé, d'été en été, elles sont prises."];
  let found = 0;
  for (let round = 0; round < 2; round++) {
    for (const clause of clauses) {
      const expected = yoastParticiples(clause);
      assert.deepEqual(participles(clause), expected, clause);
      found += expected.length;
    }
  }
  assert.ok(found > 0, 'the clauses hold participles');
});
