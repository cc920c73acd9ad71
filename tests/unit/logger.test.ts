import { test } from 'node:test';
import assert from 'node:assert/strict';
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
