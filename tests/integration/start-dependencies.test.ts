import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../helpers/free-port.js';

/** Runs the worker's entry point with only these variables; resolves with its exit code and output. */
function startWorker(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('start-up names each missing dependency with its fix, not a stack trace', async () => {
  const [redisPort, modelPort, wordpressPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const run = await startWorker({
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    OPENAI_API_KEY: 'k',
    OPENAI_BASE_URL: `http://127.0.0.1:${modelPort}/v1`,
    WP_URL: `http://127.0.0.1:${wordpressPort}`,
    WP_USERNAME: 'plume',
    WP_APP_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx',
    PLUME_START_WAIT_MS: '1500',
    LOG_LEVEL: 'silent',
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`^Cannot start Plume: Redis redis://127\\.0\\.0\\.1:${redisPort}: does not answer .*\\n  fix: start Redis`, 'm'));
  assert.match(run.stderr, new RegExp(`^Cannot start Plume: model endpoint http://127\\.0\\.0\\.1:${modelPort}/v1: does not answer \\(ECONNREFUSED\\)\\n  fix: check OPENAI_BASE_URL`, 'm'));
  assert.match(run.stderr, new RegExp(`^Cannot start Plume: WordPress site "default": .*127\\.0\\.0\\.1:${wordpressPort}.*\\n  fix: check the site's URL`, 'm'));
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
});

test('a model endpoint refusing the key stops start-up at once; PLUME_MODEL_PROBE=false skips the probe', async () => {
  const probes: string[] = [];
  const endpoint = http.createServer((req, res) => {
    probes.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"bad key"}}');
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  const baseURL = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/v1`;
  const [redisPort, wordpressPort] = await Promise.all([freePort(), freePort()]);
  const env = {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    OPENAI_API_KEY: 'wrong-key',
    OPENAI_BASE_URL: baseURL,
    WP_URL: `http://127.0.0.1:${wordpressPort}`,
    WP_USERNAME: 'plume',
    WP_APP_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx',
    // Long: a permanent failure must not wait for it.
    PLUME_START_WAIT_MS: '600000',
    LOG_LEVEL: 'silent',
  };
  try {
    const refused = await startWorker(env);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /^Cannot start Plume: model endpoint .*: refused OPENAI_API_KEY \(HTTP 401\)$/m);
    assert.deepEqual(probes, ['GET /v1/models Bearer wrong-key']);

    const skipped = await startWorker({ ...env, PLUME_MODEL_PROBE: 'false', PLUME_START_WAIT_MS: '1000' });
    assert.equal(skipped.code, 1, skipped.stderr);
    assert.doesNotMatch(skipped.stderr, /model endpoint/);
    assert.match(skipped.stderr, /^Cannot start Plume: Redis /m);
    assert.equal(probes.length, 1, 'no probe when PLUME_MODEL_PROBE=false');
  } finally {
    endpoint.close();
  }
});
