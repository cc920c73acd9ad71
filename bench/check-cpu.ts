/**
 * CPU per check: `node --import tsx bench/check-cpu.ts [runs]` checks the reference answer (the
 * revised Lavrov fixture against its source) `runs` times after one warm-up and prints the median
 * CPU time of one check. Run it under `node --cpu-prof` to see where a check spends its time.
 */
import { readFileSync } from 'node:fs';
import { checkArticle } from '../jobs/article/checks/check-article.js';
import { applyTypography } from '../jobs/article/typography.js';
import { cleanSource, factualSource } from '../jobs/article/source/clean-source.js';
import { articleSchema } from '../jobs/article/contract.js';
import { renderArticle } from '../jobs/article/render.js';

const fixtures = new URL('../tests/fixtures/', import.meta.url);
const runs = Number(process.argv[2] ?? 15);
const clean = cleanSource({ text: readFileSync(new URL('lavrov-pyongyang.fr.txt', fixtures), 'utf8') });
const article = applyTypography(articleSchema.parse(JSON.parse(readFileSync(new URL('lavrov-pyongyang.revised.json', fixtures), 'utf8'))));
const input = {
  article,
  html: renderArticle(article, { relatedPosts: [] }).html,
  source: { text: factualSource(clean), language: clean.language },
  permalink: `http://site.test/${article.slug}/`,
};

checkArticle(input);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const before = process.cpuUsage();
  checkArticle(input);
  const used = process.cpuUsage(before);
  times.push((used.user + used.system) / 1e6);
}
times.sort((a, b) => a - b);
console.log(`check CPU over ${runs} runs: median ${(times[Math.floor(runs / 2)]! * 1000).toFixed(0)} ms, min ${(times[0]! * 1000).toFixed(0)} ms, max ${(times[runs - 1]! * 1000).toFixed(0)} ms`);
