import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FINDING_LABELS_FR, YOAST_LABELS_FR } from '../../jobs/article/checks/labels.fr.js';
import { yoastAssessmentIds } from '../../jobs/article/checks/yoast.js';

const checksDir = new URL('../../jobs/article/checks/', import.meta.url);

/**
 * Every finding id written in the checks' source: `id: 'x'` in a finding, `add('x', …)` in the
 * form check, and the Yoast score findings built from their kind. Read from the source so that a
 * finding added later without a French label fails here.
 */
function findingIds(): string[] {
  const ids = new Set(['seo_score', 'readability_score']);
  const files = (readdirSync(checksDir, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts') && !name.includes('labels'));
  for (const file of files) {
    const source = readFileSync(new URL(file, checksDir), 'utf8');
    for (const match of source.matchAll(/\bid: '([a-z_]+)'|\badd\(\s*'([a-z_]+)'/g)) ids.add(match[1] ?? match[2]!);
  }
  return [...ids].sort();
}

const isFrenchLabel = (label: string | undefined): boolean => typeof label === 'string' && label.trim().length > 2 && !/\b(the|is|are|not|keyphrase|words)\b/i.test(label);

test('every finding id a check can report has a French label', () => {
  const ids = findingIds();
  assert.ok(ids.length >= 20, `found ${ids.length} ids: ${ids.join(', ')}`);
  for (const id of ['word_count', 'language', 'invented_number', 'invented_date', 'copied_text', 'keyphrase_in_title']) assert.ok(ids.includes(id), id);
  const missing = ids.filter((id) => !isFrenchLabel(FINDING_LABELS_FR[id]));
  assert.deepEqual(missing, [], 'finding ids without a French label in labels.fr.ts');
});

test('every Yoast assessment id of the French SEO and readability assessors has a French label', () => {
  const { seo, readability } = yoastAssessmentIds();
  assert.ok(seo.length >= 15 && readability.length >= 6, `${seo.length} SEO, ${readability.length} readability`);
  const missing = [...seo, ...readability].filter((id) => !isFrenchLabel(YOAST_LABELS_FR[id]));
  assert.deepEqual(missing, [], 'Yoast assessment ids without a French label in labels.fr.ts');
});
