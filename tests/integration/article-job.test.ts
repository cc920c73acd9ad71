import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '../../errors/index.js';
import { loadConfig } from '../../config/index.js';
import { runArticleJob, type ArticleJobContext } from '../../jobs/article/run.js';
import type { ArticleJobState } from '../../jobs/article/state.js';
import { sourceKey } from '../../jobs/article/source-key.js';
import { draftFields, publishDraft } from '../../jobs/article/steps/publish.js';
import { buildArticleJobDeps } from '../../worker/build-deps.js';
import { checkSites } from '../../worker/preflight.js';
import { createLogger } from '../../observability/logger.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

let wp: WordPressServer;
let model: ScriptedModel;
before(async () => {
  wp = await startWordPress({ name: 'articlejob' });
  model = await startScriptedModel();
});
after(async () => {
  await model.close();
  await wp.stop();
});

class Crash extends Error {}

/**
 * The job's storage as BullMQ keeps it, with a process that dies at a chosen save: what was
 * saved before survives, nothing after.
 */
function storage(crashWhen: (state: ArticleJobState) => boolean) {
  const payload = { text: fixture('lavrov-pyongyang.fr.txt'), url: 'https://www.example-news.fr/monde/lavrov-pyongyang' };
  let persisted: ArticleJobState | undefined;
  let armed = true;
  const context = (): ArticleJobContext => ({
    data: { payload, sourceKey: sourceKey(payload), enqueuedAt: new Date().toISOString(), ...(persisted ? { state: structuredClone(persisted) } : {}) },
    save: async (state) => {
      if (armed && crashWhen(state)) {
        armed = false;
        throw new Crash('process died');
      }
      persisted = structuredClone(state);
    },
    progress: async () => {},
    assertOwned: async () => {},
    savedState: async () => (persisted ? structuredClone(persisted) : undefined),
    retryLeft: () => true,
  });
  return { context, persisted: () => persisted };
}

const deps = () =>
  buildArticleJobDeps(
    loadConfig(
      { ...servicesEnv(model, wp), PLUME_MAX_REPAIRS: '0' },
      ['worker'],
    ),
  );

const draftCount = async () =>
  (await wp.query("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'post' AND post_status = 'draft'"))[0]![0];

test('a crash between "post created" and "job completed" updates that draft on resume, with no new model call', async () => {
  await wp.reset();
  model.reset();
  model.push({ answer: articleFixture('revised') });
  // Dies on the save that records the new post id: WordPress has the draft, the job does not know it.
  const job = storage((state) => state.post !== undefined);
  await assert.rejects(runArticleJob(job.context(), deps()), Crash);
  assert.equal(await draftCount(), '1');
  assert.equal(job.persisted()?.post, undefined);
  assert.equal(job.persisted()?.calls?.length, 1, 'the model answer was saved before publishing');

  const result = await runArticleJob(job.context(), deps());
  assert.equal(await draftCount(), '1', 'the draft is found by its source key and updated');
  assert.equal(model.requests.length, 1, 'the rewrite is never paid twice');
  assert.equal(result.calls, 1);
});

test('a crash right after the model answered resumes without calling the model again', async () => {
  await wp.reset();
  model.reset();
  model.push({ answer: articleFixture('revised') });
  const job = storage((state) => state.media !== undefined);
  await assert.rejects(runArticleJob(job.context(), deps()), Crash);
  const result = await runArticleJob(job.context(), deps());
  assert.equal(model.requests.length, 1);
  assert.ok(result.post_id > 0);
  assert.equal(await draftCount(), '1');
});

test('WordPress without the companion plugin: the job fails naming the plugin and writes no draft', async () => {
  await wp.reset();
  model.reset();
  model.push({ answer: articleFixture('revised') });
  // An empty site, so finding by source key cannot tell that the filter was ignored.
  await wp.query('DELETE FROM wp_posts');
  const plugin = join(wp.stateDir, 'wp-content/mu-plugins/plume-companion.php');
  const target = readlinkSync(plugin);
  rmSync(plugin);
  try {
    const job = storage(() => false);
    await assert.rejects(runArticleJob(job.context(), deps()), (error: unknown) => {
      assert.ok(error instanceof PermanentError, String(error));
      assert.match(error.message, /companion plugin .* is missing or too old .*mu-plugins/);
      return true;
    });
    assert.equal(await draftCount(), '0');
  } finally {
    symlinkSync(target, plugin);
  }
});

test('a draft someone edited since Plume wrote it is never overwritten by a later job for the same source', async () => {
  await wp.reset();
  model.reset();
  model.push({ answer: articleFixture('revised') }, { answer: articleFixture('revised') });
  const first = await runArticleJob(storage(() => false).context(), deps());
  const wordpress = deps().wordpress;
  const edited = '<!-- wp:paragraph -->\n<p>Texte revu par la rédaction.</p>\n<!-- /wp:paragraph -->';
  await wordpress.posts.update(first.post_id, { content: edited });

  // A new job for the same source (the first one's record expired): fresh state, same source key.
  await assert.rejects(runArticleJob(storage(() => false).context(), deps()), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.match(error.message, new RegExp(`Draft ${first.post_id} of this source was edited since Plume wrote it`));
    return true;
  });
  assert.equal((await wordpress.posts.get(first.post_id)).content.raw, edited);
  assert.equal(await draftCount(), '1');
});

test('start-up preflight accepts this WordPress: credentials, capabilities and every meta key Plume writes', async () => {
  await checkSites([{ name: 'default', wordpress: deps().wordpress }], createLogger('silent', 'test'), { attempts: 1 });
});

test('a draft WordPress did not fully keep is removed when this job made it, and left when it did not', async () => {
  await wp.reset();
  const wordpress = deps().wordpress;
  const article = articleFixture('revised');
  const fields = (tags: number[]) =>
    draftFields({ article, content: '<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->', sourceKey: 'src-owned', categories: [], tags, featuredMedia: undefined, report: '{}' });
  const created: number[] = [];
  const onCreated = async (id: number) => void created.push(id);
  // WordPress answers 200 and drops a tag id it does not know.
  const unknownTag = [987654];

  await assert.rejects(publishDraft(fields(unknownTag), 'src-owned', wordpress, { onCreated }), /did not store: tags .*\(the new draft was removed\)/);
  assert.equal(await draftCount(), '0');

  const post = await publishDraft(fields([]), 'src-owned', wordpress, { onCreated });
  await assert.rejects(publishDraft(fields(unknownTag), 'src-owned', wordpress, { onCreated }), (error: unknown) => {
    assert.ok(error instanceof PermanentError, String(error));
    assert.doesNotMatch(error.message, /removed/);
    return true;
  });
  assert.equal(await draftCount(), '1', 'a draft this job did not make is left for the editor');

  await assert.rejects(
    publishDraft(fields(unknownTag), 'src-owned', wordpress, { onCreated, ownPostId: post.id }),
    /\(the new draft was removed\)/,
  );
  assert.equal(await draftCount(), '0', 'a draft an earlier attempt of this job made is removed');
  assert.equal(created.length, 2);
});
