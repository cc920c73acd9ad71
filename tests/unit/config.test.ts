import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/index.js';

const valid = {
  OPENAI_API_KEY: 'k',
  WP_URL: 'http://127.0.0.1:8080/',
  WP_USERNAME: 'plume',
  WP_APP_PASSWORD: 'abcd efgh',
  PLUME_API_TOKEN: '0123456789abcdef',
};

test('defaults fill what is not set', () => {
  const config = loadConfig(valid);
  assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
  assert.equal(config.model.name, 'gpt-4o-mini');
  assert.equal(config.server.port, 3000);
  assert.equal(config.wordpress.url, 'http://127.0.0.1:8080');
  assert.equal(config.wordpress.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(config.jobs.maxRepairs, 2);
});

test('every bad variable is named with what it expects', () => {
  assert.throws(
    () => loadConfig({ ...valid, WP_URL: 'localhost', REDIS_URL: 'http://x', PLUME_CONCURRENCY: '0', OPENAI_API_KEY: '' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.issues.map((i) => i.variable).sort(), ['OPENAI_API_KEY', 'PLUME_CONCURRENCY', 'REDIS_URL', 'WP_URL']);
      assert.match(error.message, /WP_URL: expected the http\(s\) address/);
      assert.match(error.message, /PLUME_CONCURRENCY: expected a whole number from 1 to 64/);
      return true;
    },
  );
});

test('each process asks only for its own variables', () => {
  assert.equal(loadConfig({ PLUME_API_TOKEN: valid.PLUME_API_TOKEN }, ['server']).server.apiToken, valid.PLUME_API_TOKEN);
  const { PLUME_API_TOKEN: _token, ...workerEnv } = valid;
  assert.equal(loadConfig(workerEnv, ['worker']).wordpress.username, 'plume');
  assert.throws(() => loadConfig(workerEnv, ['worker', 'server']), /PLUME_API_TOKEN/);
});

test('NAME_FILE supplies NAME from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plume-config-'));
  writeFileSync(join(dir, 'pw'), 'from file\n');
  const { WP_APP_PASSWORD: _pw, ...rest } = valid;
  assert.equal(loadConfig({ ...rest, WP_APP_PASSWORD_FILE: join(dir, 'pw') }).wordpress.appPassword, 'from file');
  assert.throws(() => loadConfig({ ...rest, WP_APP_PASSWORD_FILE: join(dir, 'missing') }), /WP_APP_PASSWORD_FILE: cannot read/);
});

test('the model rate budget is unlimited unless OPENAI_RPM / OPENAI_TPM say otherwise', () => {
  assert.equal(loadConfig(valid).model.requestsPerMinute, undefined);
  assert.equal(loadConfig(valid).model.tokensPerMinute, undefined);
  const limited = loadConfig({ ...valid, OPENAI_RPM: '60', OPENAI_TPM: '90000' });
  assert.equal(limited.model.requestsPerMinute, 60);
  assert.equal(limited.model.tokensPerMinute, 90_000);
  assert.throws(() => loadConfig({ ...valid, OPENAI_RPM: '0' }), /OPENAI_RPM: expected a whole number from 1/);
});
