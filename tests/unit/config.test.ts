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
  PLUME_API_TOKEN: '5a5857594d01784716895370093027c2975bba6caf375823353f9ebb4fb8f484',
};

const outsideContainer = () => false;

test('defaults fill what is not set', () => {
  const config = loadConfig(valid, undefined, outsideContainer);
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

test('weak API tokens stop start-up, naming PLUME_API_TOKEN and how to make one', () => {
  const weak = [
    'change-me-to-a-long-random-token',
    'replace-with-a-long-random-token',
    'aaaaaaaaaaaaaaaa',
    'a'.repeat(64),
    '0123456789abcdef',
    'k3Y9-short-but-random',
    'abcabcabcabcabcabcabcabcabcabcabcabc',
    'f00dbabef00dbabef00dbabef00dbabef00dbabe',
    'abcdefghijklmnopqrstuvwxyz0123456789',
    'q8Zr0Vw2-LxT4q8Zr0Vw2-LxT4q8Zr0Vw2-LxT4',
    '1111111122222222333333334444444455555555666666667777777788888888999999990000000',
    'abababababababababababababababababababab' + 'q7w3e9r1t5',
    'aabbaabbaabbaabbccddccddccddccddeeffeeffeeff',
    'my-own-plume-api-token-for-the-newsroom',
    'Pa55word-Pa55word-Pa55word-Pa55word!',
  ];
  for (const token of weak) {
    assert.throws(
      () => loadConfig({ ...valid, PLUME_API_TOKEN: token }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, token);
        assert.deepEqual(error.issues.map((i) => i.variable), ['PLUME_API_TOKEN'], token);
        assert.match(error.message, /PLUME_API_TOKEN: .*openssl rand -hex 32/, token);
        return true;
      },
    );
  }
  for (const token of ['db1e92765c49d979ef9f8f0b3b5827db90faae82e08945eface84818032af4d3', 'q8Zr0Vw2-LxT4bNf_Yh7KcPm3JsA9eUd1GoR5iWt', 'f3a91c07d5be28646e0b9a7cd1f45e82']) {
    assert.equal(loadConfig({ ...valid, PLUME_API_TOKEN: token }).server.apiToken, token);
  }
});

test('the server listens on loopback unless HOST says otherwise or it runs in a container', () => {
  assert.equal(loadConfig(valid, undefined, outsideContainer).server.host, '127.0.0.1');
  assert.equal(loadConfig(valid, undefined, () => true).server.host, '0.0.0.0');
  assert.equal(loadConfig({ ...valid, HOST: '0.0.0.0' }, undefined, outsideContainer).server.host, '0.0.0.0');
  assert.equal(loadConfig({ ...valid, HOST: '::1' }, undefined, () => true).server.host, '::1');
});

test('the model rate budget is unlimited unless OPENAI_RPM / OPENAI_TPM say otherwise', () => {
  assert.equal(loadConfig(valid).model.requestsPerMinute, undefined);
  assert.equal(loadConfig(valid).model.tokensPerMinute, undefined);
  const limited = loadConfig({ ...valid, OPENAI_RPM: '60', OPENAI_TPM: '90000' });
  assert.equal(limited.model.requestsPerMinute, 60);
  assert.equal(limited.model.tokensPerMinute, 90_000);
  assert.throws(() => loadConfig({ ...valid, OPENAI_RPM: '0' }), /OPENAI_RPM: expected a whole number from 1/);
});

test('model prices are JSON by model name; a bad entry is named by model and field', () => {
  assert.deepEqual(loadConfig(valid, undefined, outsideContainer).model.prices, {});
  const prices = { 'gpt-4o-mini': { input_per_1m: 0.15, output_per_1m: 0.6 } };
  assert.deepEqual(loadConfig({ ...valid, PLUME_MODEL_PRICES: JSON.stringify(prices) }, undefined, outsideContainer).model.prices, prices);
  const problem = (value: string) => {
    try {
      loadConfig({ ...valid, PLUME_MODEL_PRICES: value }, undefined, outsideContainer);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues[0]!.variable, 'PLUME_MODEL_PRICES');
      return error.issues[0]!.message;
    }
    assert.fail(`${value} was accepted`);
  };
  assert.match(problem('{gpt: 1}'), /expected JSON such as/);
  assert.match(problem('[1]'), /expected a JSON object of model names to prices/);
  assert.match(problem('{"gpt-4o": {"input_per_1m": -1, "output_per_1m": 1}}'), /^gpt-4o\.input_per_1m: expected a price in US dollars per million tokens/);
  assert.match(problem('{"gpt-4o": {"input_per_1m": 1, "output_per_1m": "1"}}'), /^gpt-4o\.output_per_1m: expected a price/);
  assert.match(problem('{"gpt-4o": {"input_per_1m": 1, "output_per_1m": 1, "cached": 1}}'), /gpt-4o/);
});

test('OPENAI_API_KEY alone points Plume at OpenAI; the model endpoint is probed unless told not to', () => {
  const config = loadConfig(valid, undefined, outsideContainer);
  assert.equal(config.model.baseURL, 'https://api.openai.com/v1');
  assert.equal(config.model.probe, true);
  const ollama = loadConfig({ ...valid, OPENAI_BASE_URL: 'http://ollama:11434/v1/', PLUME_MODEL_PROBE: 'false' }, undefined, outsideContainer);
  assert.equal(ollama.model.baseURL, 'http://ollama:11434/v1');
  assert.equal(ollama.model.probe, false);
  // An empty value (docker compose passes `${OPENAI_BASE_URL:-}`) is unset.
  assert.equal(loadConfig({ ...valid, OPENAI_BASE_URL: '' }, undefined, outsideContainer).model.baseURL, 'https://api.openai.com/v1');
});
