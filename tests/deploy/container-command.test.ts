import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { resolvedCompose } from '../helpers/compose.js';
import { freePort } from '../helpers/free-port.js';
import { startPlumeProcess, waitFor, type PlumeProcess } from '../helpers/plume-process.js';
import { TEST_API_TOKEN } from '../helpers/plume.js';
import { useRedisPrefix } from '../helpers/redis.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

/**
 * Plume started exactly as its containers start it: the image's CMD for web, the compose file's
 * command for the worker (the same files under dist/, built by .ci/run), and every variable the
 * compose file sets, by the same names, pointed at the local Redis, WordPress and a scripted model.
 */
const dockerfileCmd = (() => {
  const line = readFileSync('Dockerfile', 'utf8').split('\n').filter((l) => l.startsWith('CMD ')).at(-1);
  assert.ok(line, 'the Dockerfile has a CMD');
  return JSON.parse(line.slice(4)) as string[];
})();

let wp: WordPressServer;
let model: ScriptedModel;
let redis: Awaited<ReturnType<typeof useRedisPrefix>>;
const processes: PlumeProcess[] = [];

before(async () => {
  wp = await startWordPress({ name: 'container' });
  model = await startScriptedModel();
  model.otherwise(() => ({ answer: articleFixture('revised') }));
  redis = await useRedisPrefix();
});
after(async () => {
  for (const p of processes) await p.stop();
  await model?.close();
  await wp?.stop();
  await redis?.cleanup();
});

test('web (the image CMD) and worker (the compose command) with the compose variables complete an item', async () => {
  const { services } = resolvedCompose();
  const web = services.web!;
  const worker = services.worker!;
  assert.deepEqual(web.command, dockerfileCmd, 'compose runs web with the image CMD');
  for (const argv of [dockerfileCmd, worker.command!]) {
    assert.equal(argv[0], 'node');
    assert.ok(existsSync(argv[1]!), `${argv[1]} is built (npm run build; .ci/run builds before the tests)`);
  }

  const passwordFile = join(mkdtempSync(join(tmpdir(), 'plume-secrets-')), 'wp-plume-app-password');
  writeFileSync(passwordFile, `${wp.appPassword}\n`);
  const port = await freePort();
  // The local counterpart of every value the compose file sets; a new compose variable without one fails here.
  const local: Record<string, string> = {
    REDIS_URL: redis.redisUrl,
    WP_URL: wp.url,
    WP_PUBLIC_URL: wp.url,
    WP_USERNAME: wp.username,
    WP_APP_PASSWORD_FILE: passwordFile,
    PLUME_API_TOKEN: TEST_API_TOKEN,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_MODEL: worker.environment!.OPENAI_MODEL!,
    OPENAI_RPM: '',
    OPENAI_TPM: '',
    PLUME_CONCURRENCY: worker.environment!.PLUME_CONCURRENCY!,
    // The container listens on every interface; here loopback is enough.
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  const envOf = (service: typeof web) =>
    Object.fromEntries(
      Object.keys(service.environment ?? {}).map((name) => {
        assert.ok(name in local, `no local value for ${name}, which the compose file sets`);
        return [name, local[name]!];
      }),
    );
  // Only what a test needs beyond the compose file: its own queue prefix and port, and one model call per item.
  const testOnly = { PLUME_QUEUE_PREFIX: redis.prefix, PORT: String(port), PLUME_MAX_REPAIRS: '0' };
  const webProcess = startPlumeProcess(dockerfileCmd, { ...envOf(web), ...testOnly });
  const workerProcess = startPlumeProcess(worker.command!, { ...envOf(worker), ...testOnly });
  processes.push(webProcess, workerProcess);
  const logs = () => `web:\n${webProcess.output()}\nworker:\n${workerProcess.output()}`;
  const base = `http://127.0.0.1:${port}`;

  // The image's HEALTHCHECK asks /readyz.
  await waitFor('web to be ready', async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 60_000, logs);
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const queued = await api('POST', '/api/articles', { text: fixture('lavrov-pyongyang.fr.txt') });
  assert.equal(queued.status, 202, JSON.stringify(queued.body));
  const job = await waitFor(
    'the item to finish',
    async () => {
      const { body } = await api('GET', `/api/articles/${queued.body.id}`);
      return body.state === 'completed' || body.state === 'failed' ? body : undefined;
    },
    120_000,
    logs,
  );
  assert.equal(job.state, 'completed', JSON.stringify(job.error ?? job));
  const drafts = await wp.query("SELECT ID FROM wp_posts WHERE post_type = 'post' AND post_status = 'draft'");
  assert.deepEqual(drafts.map(([id]) => Number(id)), [job.result.post_id]);
  assert.equal(model.requests.length, 1);

  // SIGTERM, as `docker compose stop` sends it to node: both end cleanly.
  assert.equal(await workerProcess.stop(), 0, logs());
  assert.equal(await webProcess.stop(), 0, logs());
});
