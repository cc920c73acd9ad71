import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The application's folders; tests and benchmarks may import anything. */
const FOLDERS = ['clients', 'config', 'errors', 'jobs', 'observability', 'server', 'worker'];

test('no import cycle in the application, type imports included', async () => {
  const config = JSON.parse(readFileSync(`${root}.madgerc`, 'utf8')) as madge.MadgeConfig;
  const result = await madge(
    FOLDERS.map((folder) => `${root}${folder}`),
    { ...config, baseDir: root, tsConfig: `${root}tsconfig.json` },
  );
  assert.deepEqual(result.circular(), [], 'each cycle lists the files that import each other');
});
