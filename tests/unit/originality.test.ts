import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { articleSchema, type Article } from '../../jobs/article/contract.js';
import { checkOriginality, ORIGINALITY_THRESHOLD } from '../../jobs/article/checks/originality.js';

const read = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): Article => articleSchema.parse(JSON.parse(read(`lavrov-pyongyang.${name}.json`)));
const source = { text: read('lavrov-pyongyang.fr.txt'), language: 'fr' };
const revised = fixture('revised');

/** The source's own sentences, a few words swapped, laid out as an article. */
function nearCopy(): Article {
  const sentences = source.text
    .split(/(?<=[.!?»)])(?=[A-ZÀ-Ý»])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 40);
  const tweak = (text: string): string =>
    text.replace(/a déclaré/g, 'a affirmé').replace(/jeudi/g, 'ce jeudi').replace(/les États-Unis/g, 'Washington');
  const sections = [0, 4, 8, 12, 16, 20].map((i) => ({
    heading: `Partie ${i / 4 + 1}`,
    paragraphs: [sentences.slice(i, i + 2).map(tweak).join(' '), sentences.slice(i + 2, i + 4).map(tweak).join(' ')],
  }));
  return { ...revised, lead: tweak(sentences[0] ?? ''), sections };
}

test('the revised answer is original enough', () => {
  const report = checkOriginality({ answer: revised, source });
  assert.equal(report.applicable, true);
  assert.equal(report.passed, true);
  assert.equal(report.ratio, 0.237);
  assert.ok(report.ratio < ORIGINALITY_THRESHOLD);
  assert.deepEqual(report.findings, []);
  // The longest copied runs are still reported, for information.
  assert.ok(report.passages.length > 0 && (report.passages[0]?.words ?? 0) <= 12);
});

test('the first draft copies too much', () => {
  const report = checkOriginality({ answer: fixture('first-draft'), source });
  assert.equal(report.ratio, 0.316);
  assert.equal(report.passed, false);
  assert.equal(report.passages[0]?.words, 17);
  assert.match(report.passages[0]?.text ?? '', /^l’intensification de la coopération économique, a indiqué le ministère russe/);
});

test('a near-copy fails, with its longest copied passages for the repair prompt', () => {
  const report = checkOriginality({ answer: nearCopy(), source });
  assert.ok(report.ratio > 0.85, String(report.ratio));
  assert.equal(report.passed, false);
  assert.equal(report.passages.length, 5);
  const words = report.passages.map((passage) => passage.words);
  assert.deepEqual(words, [...words].sort((a, b) => b - a), 'longest first');
  const [finding] = report.findings;
  assert.equal(finding?.id, 'copied_text');
  assert.match(finding?.message ?? '', /of the article's 4-word sequences are copied from the source \(limit 30 %\)/);
  assert.ok(finding?.instruction.includes(`« ${report.passages[0]?.text} »`));
});

test('quotations « … » are exempt', () => {
  const quoted = '« signifie que la récente flotte de conteneurs transportant probablement des munitions de la Corée du Nord vers la Russie n’était pas la dernière transaction Kim-Poutine dont le monde doit s’inquiéter »';
  const withQuote = { ...revised, lead: `${revised.lead} Pour Leif-Eric Easley, la rencontre ${quoted}.` };
  const without = checkOriginality({ answer: revised, source });
  const report = checkOriginality({ answer: withQuote, source });
  // Only the six words before the quotation (`pour leif eric easley la rencontre`) add shingles.
  assert.equal(report.shingles - without.shingles, 6);
  assert.ok(report.ratio <= without.ratio + 0.002);
});

test('punctuation, case and apostrophes do not hide a copy', () => {
  const copied = "LE MINISTRE russe des Affaires étrangères, Sergueï Lavrov; est arrivé mercredi dans la capitale nord-coréenne pour un voyage de deux jours";
  const answer = { ...revised, lead: copied, sections: [] };
  const report = checkOriginality({ answer, source: { text: source.text.replace(/’/g, "'"), language: 'fr' } });
  assert.equal(report.ratio, 1);
});

test('not applicable across languages', () => {
  const report = checkOriginality({ answer: revised, source: { text: read('esa-satellite.en.txt'), language: 'en' } });
  assert.equal(report.applicable, false);
  assert.equal(report.passed, true);
});

test('the threshold is a parameter', () => {
  assert.equal(checkOriginality({ answer: revised, source }, 0.2).passed, false);
});
