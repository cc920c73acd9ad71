import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWordPressClient, type WordPressClient } from '../../clients/wordpress/index.js';
import { articleSchema, type Article } from '../../jobs/article/contract.js';
import { META } from '../../clients/wordpress/index.js';
import { NEEDS_REVIEW_TAG } from '../../jobs/article/steps/publish.js';
import { fixture } from '../helpers/fixtures.js';
import { servicesEnv, startPlume, type PlumeUnderTest } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startStaticServer, TINY_PNG } from '../helpers/static-server.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

/**
 * Two news items whose faithful answers the facts check used to flag: a Spanish wire story with an
 * abbreviated dateline (`14 abr (EFE)` + `este lunes` → `lundi 14 avril`) and a French one with a
 * night range (`la nuit du mardi 14 au mercredi 15 octobre` → `le mardi 14 octobre`). Each must be
 * published without a facts finding and without a model call spent repairing a correct fact.
 */

let wp: WordPressServer;
let wordpress: WordPressClient;
let model: ScriptedModel;
let files: Awaited<ReturnType<typeof startStaticServer>>;
let plume: PlumeUnderTest;

before(async () => {
  wp = await startWordPress({ name: 'facts' });
  wordpress = createWordPressClient({ url: wp.url, username: wp.username, appPassword: wp.appPassword, timeoutMs: 10_000 });
  model = await startScriptedModel();
  files = await startStaticServer({ '/images/story.png': { type: 'image/png', body: TINY_PNG } });
  plume = await startPlume(servicesEnv(model, wp));
});
beforeEach(async () => {
  await wp.reset();
  model.reset();
});
after(async () => {
  await plume.close();
  await files.close();
  await model.close();
  await wp.stop();
});

const corpusAnswer = (id: string): Article => articleSchema.parse(JSON.parse(fixture(`corpus/${id}.answer.json`)));

const FACTS_INSTRUCTION = /ne figurent pas (?:mot pour mot )?dans la source/;

async function tagsOf(postId: number): Promise<string[]> {
  const rows = await wp.query(
    `SELECT t.name FROM wp_terms t JOIN wp_term_taxonomy tt ON tt.term_id = t.term_id JOIN wp_term_relationships r ON r.term_taxonomy_id = tt.term_taxonomy_id WHERE r.object_id = ${postId}`,
  );
  return rows.map(([name]) => String(name));
}

async function publishStory(id: string, language: string, answer: Article) {
  // A related post on the site, as the reference story has, so the draft can link to one.
  await wordpress.posts.create({
    title: `${answer.focus_keyword} : ce que l’on sait`,
    content: `<p>${answer.focus_keyword}, un article plus ancien du site.</p>`,
    status: 'publish',
  });
  // The same faithful answer for every call the job might make: a repair could only return it again.
  model.push({ answer }, { answer }, { answer });
  const { body } = await plume.api('POST', '/api/articles', {
    text: fixture(`corpus/${id}.${language}.txt`),
    url: `https://www.example-news.com/${id}`,
    image_url: `${files.url}/images/story.png`,
  });
  const job = await plume.waitForEnd(body.id);
  assert.equal(job.state, 'completed', JSON.stringify(job.error));
  return job;
}

function assertNoFactsCost(job: any, answer: Article, expected: RegExp) {
  const facts = job.result.report.facts;
  assert.deepEqual(facts.findings, [], JSON.stringify(facts.missing));
  assert.ok(
    [answer.lead, ...answer.sections.flatMap((s) => s.paragraphs)].some((p) => expected.test(p)),
    `the answer states ${expected}`,
  );
  const userMessages = model.requests.map((request) => request.body.messages!.find((m) => m.role === 'user')!.content);
  for (const message of userMessages.slice(1)) assert.doesNotMatch(message, FACTS_INSTRUCTION, 'no repair call asks to remove a fact');
  const failures = job.result.report.failures as Array<{ check: string }>;
  if (failures.length === 0) assert.equal(model.requests.length, 1, 'a clean first answer costs one call');
  else assert.ok(failures.every((failure) => failure.check !== 'facts'));
}

describe('faithful answers to sources the facts check used to misread', () => {
  test('Spanish wire story, `14 abr (EFE)` + `este lunes` → `lundi 14 avril`: published, not à relire, one call', async () => {
    const answer = corpusAnswer('es-embalse-serena');
    const job = await publishStory('es-embalse-serena', 'es', answer);
    assert.equal(job.source.language, 'es');
    assertNoFactsCost(job, answer, /lundi 14 avril/);
    assert.equal(job.result.needs_review, false, JSON.stringify(job.result.report.failures));
    assert.equal(model.requests.length, 1);
    const post = await wordpress.posts.get(job.result.post_id);
    assert.equal(post.status, 'draft');
    assert.ok(!(await tagsOf(post.id)).includes(NEEDS_REVIEW_TAG));
    assert.deepEqual(JSON.parse(String(post.meta[META.report])).facts.findings, []);
  });

  test('French story, `la nuit du mardi 14 au mercredi 15 octobre` → `le mardi 14 octobre`: published, not à relire, one call', async () => {
    const answer = corpusAnswer('fr-gard-vigilance-rouge');
    const job = await publishStory('fr-gard-vigilance-rouge', 'fr', answer);
    assertNoFactsCost(job, answer, /mardi 14 octobre/);
    assert.equal(job.result.needs_review, false, JSON.stringify(job.result.report.failures));
    assert.equal(model.requests.length, 1);
    const post = await wordpress.posts.get(job.result.post_id);
    assert.equal(post.status, 'draft');
    assert.ok(!(await tagsOf(post.id)).includes(NEEDS_REVIEW_TAG));
    assert.deepEqual(JSON.parse(String(post.meta[META.report])).facts.findings, []);
  });
});
