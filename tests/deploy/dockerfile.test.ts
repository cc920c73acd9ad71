import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/** The image's essentials, read from the Dockerfile (no engine runs here to build it). */
const lines = readFileSync('Dockerfile', 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const stages = lines.reduce<string[][]>((all, line) => (/^FROM\s/i.test(line) ? [...all, [line]] : (all.at(-1)?.push(line), all)), []);
const final = stages.at(-1) ?? [];
const instruction = (name: string) => final.filter((line) => line.toUpperCase().startsWith(`${name} `));
/** The exec form's array, or the shell form as one string. */
const argv = (line: string) => {
  const rest = line.slice(line.indexOf(' ') + 1).trim();
  return rest.startsWith('[') ? (JSON.parse(rest) as string[]) : ['/bin/sh', '-c', rest];
};

test('multi-stage: the final image gets production dependencies only and the built code', () => {
  assert.ok(stages.length >= 2, 'more than one stage');
  const deps = stages.find((stage) => stage.some((line) => /npm ci\b.*--omit=dev/.test(line)));
  assert.ok(deps, 'a stage installs with npm ci --omit=dev');
  const depsName = /\bAS\s+(\S+)/i.exec(deps[0]!)?.[1];
  assert.ok(final.some((line) => new RegExp(`^COPY --from=${depsName} \\S*node_modules`).test(line)), 'node_modules come from the production stage');
  assert.ok(!final.some((line) => /^RUN .*npm (ci|install)/.test(line)), 'nothing installed in the final stage');
});

test('runs as a non-root user', () => {
  const user = instruction('USER').at(-1);
  assert.ok(user, 'a USER instruction in the final stage');
  assert.doesNotMatch(user, /^USER\s+(root|0)(:|\s*$)/);
});

test('node (or an init) is PID 1, never npm: SIGTERM must reach Plume', () => {
  const entry = instruction('ENTRYPOINT').at(-1);
  const cmd = instruction('CMD').at(-1);
  assert.ok(cmd, 'a CMD');
  const first = (entry ? argv(entry) : argv(cmd))[0];
  assert.ok(first && ['node', 'tini', '/usr/bin/tini', '/sbin/tini', 'dumb-init'].includes(first), `entry point ${first}`);
  assert.ok(cmd.startsWith('CMD ['), 'exec form: no shell between the runtime and node');
  assert.ok(!argv(cmd).includes('npm'));
  assert.deepEqual(argv(cmd).slice(-1), ['dist/server/main.js']);
});

test('HEALTHCHECK asks the readiness route', () => {
  const check = instruction('HEALTHCHECK').at(-1);
  assert.ok(check, 'a HEALTHCHECK');
  assert.match(check, /\/readyz\b/);
});

test('no secret baked into ENV or ARG', () => {
  for (const line of [...instruction('ENV'), ...instruction('ARG')]) {
    assert.doesNotMatch(line, /(TOKEN|PASSWORD|SECRET|API_KEY|_KEY\b)/i, line);
  }
});
