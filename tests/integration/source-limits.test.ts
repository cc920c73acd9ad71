import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { HTML_LIMITS } from '../../config/limits.js';
import { servicesEnv, startPlume, type PlumeUnderTest } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startStaticServer } from '../helpers/static-server.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

/** The review's page: 4.4 MB of `<div>` nested 400 000 deep. */
const DEEP = `<!doctype html><html><body>${'<div>'.repeat(400_000)}Texte.${'</div>'.repeat(400_000)}</body></html>`;
/** Within the limits, but slow to extract (the DOM's cost grows with depth): seconds in the cleaning thread. */
const SLOW = `<!doctype html><html><body>${'<div>'.repeat(200)}<p>Trop court pour un article.</p>${'</div>'.repeat(200)}</body></html>`;

let wp: WordPressServer;
let model: ScriptedModel;
let plume: PlumeUnderTest;
let pages: Awaited<ReturnType<typeof startStaticServer>>;

before(async () => {
  wp = await startWordPress({ name: 'source_limits' });
  model = await startScriptedModel();
  pages = await startStaticServer({ '/deep.html': { type: 'text/html; charset=utf-8', body: DEEP } });
  plume = await startPlume({ ...servicesEnv(model, wp), PLUME_MAX_REPAIRS: '0' });
});
beforeEach(() => model.reset());
after(async () => {
  await plume.close();
  await pages.close();
  await model.close();
  await wp.stop();
});

test('html nested 400 000 deep is refused at enqueue, naming html and the limit; nothing is queued', async () => {
  const { status, body } = await plume.api('POST', '/api/articles', { html: DEEP });
  assert.equal(status, 400);
  assert.deepEqual(body.issues.map((i: { field: string }) => i.field), ['html']);
  assert.match(body.issues[0].message, new RegExp(`nested at most ${HTML_LIMITS.maxDepth} deep \\(the nesting limit\\)`));
  assert.equal(body.code, 'validation_failed');
  assert.equal(body.issues[0].code, 'field_html_too_complex');
  assert.deepEqual((await plume.api('GET', '/api/articles')).body.articles, []);
});

test('a fetched page nested 400 000 deep fails at once as permanent, naming the limit, with no model call', async () => {
  const url = `${pages.url}/deep.html`;
  const { status, body } = await plume.api('POST', '/api/articles', { url });
  assert.equal(status, 202);
  const job = await plume.waitForEnd(body.id);
  assert.equal(job.state, 'failed');
  assert.equal(job.error.retryable, false);
  assert.equal(job.error.code, 'source_html_too_complex', 'the code of the cleaning error reaches the API');
  assert.equal(job.error.step, 'clean');
  assert.equal(job.error.input, 'url');
  assert.match(job.error.message, new RegExp(`page at ${url} .*nested at most ${HTML_LIMITS.maxDepth} deep \\(the nesting limit\\)`));
  assert.equal(job.attempts, 1, 'failed once, never retried or run twice');
  assert.equal(model.requests.length, 0);
  assert.equal((await fetch(`${plume.baseUrl}/health`)).status, 200);
});

test('while a page is being extracted, /health keeps answering: extraction runs off the event loop', async () => {
  const { body } = await plume.api('POST', '/api/articles', { html: SLOW });
  const id: string = body.id;
  const extracting = async () => {
    const job = (await plume.api('GET', `/api/articles/${id}`)).body;
    return job.state === 'active' && job.progress?.step === 'clean';
  };
  // Health answers bracketed by two reads of a job still extracting. An extraction on the event
  // loop would let at most one such answer through (at its edge), then end the job before the next.
  let bracketed = 0;
  while (bracketed < 3) {
    if (!(await extracting())) {
      const job = (await plume.api('GET', `/api/articles/${id}`)).body;
      assert.notEqual(job.state, 'failed', `the job ended after ${bracketed} health answers during extraction`);
      assert.notEqual(job.state, 'completed');
      continue;
    }
    const health = await fetch(`${plume.baseUrl}/health`);
    assert.equal(health.status, 200);
    if (await extracting()) bracketed += 1;
  }
  const job = await plume.waitForEnd(id);
  assert.equal(job.state, 'failed');
  assert.match(job.error.message, /no article body/);
  assert.equal(job.attempts, 1);
  assert.equal(model.requests.length, 0);
});
