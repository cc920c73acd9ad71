import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { findTransitionWords } from '../../jobs/article/checks/yoast-transition-words.js';
import { renderArticle } from '../../jobs/article/render.js';
import { articleFixture } from '../helpers/fixtures.js';

const require = createRequire(import.meta.url);
const yoast = require('yoastseo') as typeof import('yoastseo');
const FrenchResearcher = (require('yoastseo/build/languageProcessing/languages/fr/Researcher.js') as { default: typeof yoast.languageProcessing.AbstractResearcher })
  .default;
const { build } = require('yoastseo/build/parse/build/index.js') as { build: (paper: unknown, processor: unknown) => unknown };
const LanguageProcessor = (require('yoastseo/build/parse/language/LanguageProcessor.js') as { default: new (researcher: unknown) => unknown }).default;

/** Yoast's own research and Plume's on the same parsed paper, reduced to what they found. */
function bothResearches(html: string) {
  const paper = new yoast.Paper(html, { locale: 'fr_FR' }) as InstanceType<typeof yoast.Paper> & { setTree(tree: unknown): void; getTree(): unknown };
  const researcher = new FrenchResearcher(paper);
  paper.setTree(build(paper, new LanguageProcessor(researcher)));
  type Result = ReturnType<typeof findTransitionWords>;
  const summary = (result: Result) => ({
    ...result,
    sentenceResults: result.sentenceResults.map((r) => ({ sentence: r.sentence.text, transitionWords: r.transitionWords })),
  });
  return {
    yoast: summary(researcher.getResearch('findTransitionWords') as Result),
    plume: summary(findTransitionWords(paper, researcher)),
  };
}

test('the transition-words research finds what Yoast’s own finds, single and two-part words alike', () => {
  const texts = [
    ...(['first-draft', 'revised'] as const).map((name) => renderArticle(articleFixture(name), { relatedPosts: [] }).html),
    '<p>Non seulement la ville investit, mais aussi la région. Soit le projet avance, soit il est abandonné. ' +
      'En effet, le chantier commence. Par ailleurs, les travaux dureront deux ans. Le maire parle. Cependant, rien n’est signé.</p>',
  ];
  for (const html of texts) {
    const { yoast: expected, plume } = bothResearches(html);
    assert.ok(expected.transitionWordSentences > 0);
    assert.deepEqual(plume, expected);
  }
});
