/**
 * Benchmark of the pure, CPU-bound part of a job: cleaning a source and checking an answer
 * (Yoast SEO + readability, facts, originality, form). Run with `npm run bench`; never part of
 * the tests (shared machines are noisy). Prints per-operation times and the heap growth over many
 * checks, which must stay flat: a worker runs for weeks and Yoast memoises per text.
 */
import { performance } from 'node:perf_hooks';
import { checkArticle } from '../jobs/article/checks/check-article.js';
import { applyTypography } from '../jobs/article/checks/typography.js';
import { cleanSource, factualSource } from '../jobs/article/clean/clean-source.js';
import { renderArticle } from '../jobs/article/render.js';
import { articleFixture, fixture } from '../tests/helpers/fixtures.js';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 60);
const gc = (globalThis as { gc?: () => void }).gc;

function time(label: string, runs: number, fn: () => void): number {
  fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const perRun = (performance.now() - start) / runs;
  console.log(`${label.padEnd(44)} ${perRun.toFixed(1).padStart(8)} ms/op  (${runs} runs)`);
  return perRun;
}

const rawText = fixture('lavrov-pyongyang.fr.txt');
const html = fixture('tram-lyon.fr.html');
const clean = cleanSource({ text: rawText });
const source = { text: factualSource(clean), language: clean.language };
const additions = {
  sourceUrl: 'https://www.example-news.fr/monde/lavrov-pyongyang',
  relatedPosts: [{ title: 'Lavrov en Corée du Nord : ce que l’on sait', url: 'http://site.test/?p=5' }],
};
const articles = (['first-draft', 'revised'] as const).map((name) => applyTypography(articleFixture(name)));
const check = (i: number) => {
  const article = articles[i % 2]!;
  const rendered = renderArticle(article, { ...additions, image: { url: 'http://site.test/i.png', alt: article.title } });
  return checkArticle({ article, html: rendered.html, source, permalink: `http://site.test/${article.slug}/` });
};

console.log(`Plume quality-gate benchmark, node ${process.version}`);
const cleanText = time('clean: reference text (lavrov, ~1 000 words)', 50, () => cleanSource({ text: rawText }));
time('clean: HTML page (tram-lyon, Readability)', 20, () => cleanSource({ html }));
let n = 0;
const checkTime = time('check: one answer (Yoast + facts + originality)', iterations, () => check(n++));
console.log(`ratio check / clean text: ${(checkTime / cleanText).toFixed(1)}×`);

gc?.();
const heapBefore = process.memoryUsage().heapUsed;
for (let i = 0; i < iterations * 3; i++) check(i);
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
console.log(
  `heap after ${iterations * 3} more checks: ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB growth` +
    (gc ? '' : ' (run with --expose-gc for a settled figure)'),
);
