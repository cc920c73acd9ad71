import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import OpenAI from 'openai';
import { createWordPressHttp } from '../../clients/wordpress/http.js';
import { unreadAnswer } from '../../clients/wordpress/answers.js';
import { PlumeError } from '../../errors/index.js';
import { createLogger } from '../../observability/logger.js';

test('credentials in logged requests and replies are redacted', () => {
  const lines: string[] = [];
  const logger = createLogger('info', 'logger-test', { write: (line: string) => void lines.push(line) });
  logger.warn(
    {
      req: { method: 'GET', url: '/api/articles', headers: { authorization: 'Bearer guess-1234', cookie: 'plume_session=sess-5678', 'x-plume-csrf': 'csrf-9012' } },
      res: { headers: { 'set-cookie': 'plume_session=sess-3456; HttpOnly' } },
      config: { apiToken: 'token-7890' },
    },
    'authentication failed',
  );
  assert.equal(lines.length, 1);
  for (const secret of ['guess-1234', 'sess-5678', 'csrf-9012', 'sess-3456', 'token-7890']) assert.ok(!lines[0]!.includes(secret), secret);
  assert.match(lines[0]!, /"url":"\/api\/articles"/, 'the rest is kept');
});

test('errors of real axios and openai calls are logged without the credentials they were sent with', async () => {
  const password = 'wp-app-pass-4c1d 9e2f 7a3b';
  const basic = Buffer.from(`plume:${password}`).toString('base64');
  const apiKey = 'sk-logger-test-51d0e8c3';
  const server = http.createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":"boom","message":"boom","error":{"message":"boom"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const lines: string[] = [];
    const logger = createLogger('info', 'logger-test', { write: (line: string) => void lines.push(line) });

    // As the WordPress client sends its calls: the `auth` pair, turned into a Basic header.
    const raw = await axios.get(url, { auth: { username: 'plume', password }, headers: { Authorization: `Basic ${basic}` } }).catch((e: unknown) => e);
    assert.ok(axios.isAxiosError(raw));
    logger.warn({ err: raw }, 'axios error as err');
    logger.warn({ error: raw }, 'axios error as error');
    const wordpress = createWordPressHttp({ url, username: 'plume', appPassword: password });
    const wrapped = await wordpress.send({ step: 'wordpress.test', input: '/x' }, { route: '/x' }, unreadAnswer).catch((e: unknown) => e);
    assert.ok(wrapped instanceof PlumeError && axios.isAxiosError(wrapped.cause));
    logger.warn({ err: wrapped, cause: wrapped.cause }, 'WordPress error with its cause');

    const openai = new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 });
    const refused = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    assert.ok(refused instanceof OpenAI.APIError);
    logger.warn({ err: refused }, 'model error');
    logger.warn({ options: { apiKey }, model: { _options: { apiKey } } }, 'model client settings');

    assert.equal(lines.length, 5);
    for (const line of lines) {
      for (const secret of [password, basic, apiKey]) assert.ok(!line.includes(secret), `${secret} in ${line.slice(0, 300)}`);
    }
    const first = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    assert.deepEqual(
      { type: first.err['type'], status: first.err['status'], method: first.err['method'], url: first.err['url'] },
      { type: 'AxiosError', status: 500, method: 'GET', url: `${url}/` },
      'what was asked and how it ended is kept',
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
