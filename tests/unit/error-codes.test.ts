import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ERROR_CODES, formatCode, requestError, type ErrorCode } from '../../errors/codes.js';
// @ts-expect-error plain JavaScript served to the browser as it is, without type declarations
import { CODE_LABELS_FR, frenchForCode, frenchOrGeneric } from '../../server/dashboard/codes.fr.js';

const labels = CODE_LABELS_FR as Record<string, (params: Record<string, string | number>) => string>;
const codes = Object.keys(ERROR_CODES) as ErrorCode[];

/** The params a code's template names, each given a recognisable value. */
const sampleParams = (code: ErrorCode) =>
  Object.fromEntries([...ERROR_CODES[code].message.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, `«${name}»`]));

test('the dashboard has a French label for every code the API can return, and no label for a code that does not exist', () => {
  const missing = codes.filter((code) => !Object.hasOwn(labels, code));
  const unknown = Object.keys(labels).filter((code) => !Object.hasOwn(ERROR_CODES, code));
  assert.deepEqual(missing, [], 'codes without a French label in server/dashboard/codes.fr.js');
  assert.deepEqual(unknown, [], 'French labels for codes errors/codes.ts does not have');
});

test('every French label is a sentence made only of the params its code carries', () => {
  for (const code of codes) {
    const params = sampleParams(code);
    const text = frenchForCode({ code, params }) as string;
    assert.ok(text.length > 0 && !/undefined|NaN|\{\w+\}/.test(text), `${code}: ${text}`);
    for (const used of text.matchAll(/«(\w+)»/g)) assert.ok(used[1]! in params, `${code} shows ${used[1]}, which its template does not name`);
  }
  assert.equal(frenchForCode({ code: 'not_a_code' }), undefined, 'an unknown code is left to the English message');
});

test('templates are filled from params; request codes keep their HTTP status', () => {
  assert.equal(formatCode('source_too_short', { words: 12, min: 80 }), 'The cleaned source has 12 words, fewer than 80');
  assert.deepEqual(requestError('job_not_found', { id: 'src-x' }), { code: 'job_not_found', message: 'No article job with id "src-x"', params: { id: 'src-x' } });
  const statuses = Object.fromEntries(Object.entries(ERROR_CODES).flatMap(([code, spec]) => (spec.kind === 'request' ? [[code, spec.status]] : [])));
  assert.deepEqual(
    { auth_required: 401, csrf_invalid: 403, job_not_found: 404, job_not_failed: 409, auth_rate_limited: 429, redis_unavailable: 503 },
    Object.fromEntries(Object.entries(statuses).filter(([code]) => ['auth_required', 'csrf_invalid', 'job_not_found', 'job_not_failed', 'auth_rate_limited', 'redis_unavailable'].includes(code))),
  );
});

test('the public report reads in snake_case, with codes left as they are', async () => {
  const { snakeCaseKeys } = await import('../../server/snake-case.js');
  assert.deepEqual(
    snakeCaseKeys({ report: { form: { wordCount: 812, h2Count: 4, seoTitleWidthPx: 580 }, originality: { copiedShingles: 3 }, facts: { unverified_quotes: [] }, yoast: { failing: [{ id: 'keyphraseLength' }] } } }),
    { report: { form: { word_count: 812, h2_count: 4, seo_title_width_px: 580 }, originality: { copied_shingles: 3 }, facts: { unverified_quotes: [] }, yoast: { failing: [{ id: 'keyphraseLength' }] } } },
  );
});

test('an answer without a code the page knows gets a generic French sentence with its HTTP status, never its English message', () => {
  const english = { error: 'Bad Gateway', message: 'upstream answered garbage' };
  for (const [status, expected] of [[502, /^Erreur du serveur \(502\)/], [418, /^Demande refusée par le serveur \(erreur 418\)/]] as const) {
    const text = frenchOrGeneric({ ...english, code: 'not_a_code' }, status) as string;
    assert.match(text, expected);
    assert.doesNotMatch(text, /upstream|Gateway/);
  }
  assert.equal(frenchOrGeneric({ field: 'url', message: 'expected something' }), 'Valeur refusée.', 'an issue without a code');
  assert.equal(frenchOrGeneric({ code: 'batch_too_many', params: { count: 101, max: 100 } }, 400), 'Le lot compte 101 éléments : 100 au plus.');
  assert.match(frenchOrGeneric({ code: 'job_not_removable', params: { id: 'src-x', state: 'active' } }, 409) as string, /^Cette dépêche est en cours :/);
});

test('the dashboard translates codes only: no English message is matched or shown as a fallback', () => {
  const dir = new URL('../../server/dashboard/', import.meta.url);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    // A regex over `.message`, or a table of English patterns, is a translation of English text.
    assert.doesNotMatch(source, /exec\(String\([^)]*message|\[\/\^[a-z]/, `${file} translates English messages`);
    assert.doesNotMatch(source, /\?\?\s*(?:String\()?[\w?.]*\.message\b/, `${file} falls back to an English message`);
  }
});
