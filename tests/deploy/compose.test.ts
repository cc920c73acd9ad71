import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMPOSE_SECRETS as SECRETS, compose, resolvedCompose as resolved, type ComposeService as Service } from '../helpers/compose.js';

/**
 * The compose file as Debian's docker-compose 1.29 reads it (no engine needed): it must parse,
 * with and without the local-model profile, and hold the layout the README promises. .ci/run
 * installs docker-compose; without it this test fails rather than pass unseen.
 */

/** Where a volume is mounted, in either form docker-compose prints (`source:target:mode` or an object). */
const targets = (service: Service) => (service.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target));

test('docker-compose config -q accepts the file, with and without --profile local-model', () => {
  for (const args of [[], ['--profile', 'local-model']]) {
    const run = compose([...args, 'config', '-q']);
    assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
  }
});

test('no secret has a default: each missing one stops compose, naming it', () => {
  for (const name of Object.keys(SECRETS)) {
    const without = Object.fromEntries(Object.entries(SECRETS).filter(([key]) => key !== name));
    const run = compose(['config', '-q'], without);
    assert.notEqual(run.status, 0, `${name} unset must stop compose`);
    assert.match(run.stderr, new RegExp(`set ${name} in \\.env`));
  }
});

test('layout: Redis durable, only web publishes a port, workers scale, the model is opt-in, all ordered by health', () => {
  const { services } = resolved();
  // docker-compose 1.29 lists profiled services too; `up` without the profile leaves them out.
  const always = Object.keys(services).filter((name) => !services[name]!.profiles);
  assert.deepEqual(always.sort(), ['db', 'redis', 'web', 'wordpress', 'wordpress-setup', 'worker']);
  assert.deepEqual(services.ollama!.profiles, ['local-model']);
  assert.deepEqual(services['ollama-pull']!.profiles, ['local-model']);

  const redis = services.redis!;
  assert.ok(redis.command?.join(' ').includes('--appendonly yes'), 'AOF on');
  assert.ok(redis.command?.join(' ').includes('--maxmemory-policy noeviction'), 'BullMQ keys never evicted');
  assert.ok(redis.healthcheck, 'Redis has a healthcheck');
  assert.ok(targets(redis).includes('/data'), 'Redis data on a volume');

  // --scale worker=N needs a worker without a fixed host port; only web faces the host.
  assert.equal(services.worker!.ports, undefined);
  assert.equal(services['wordpress-setup']!.ports, undefined);
  assert.equal(services.web!.ports?.length, 1);
  assert.deepEqual(services.web!.command, ['node', 'dist/server/main.js']);
  assert.deepEqual(services.worker!.command, ['node', 'dist/worker/main.js']);
  assert.equal(services.web!.image, services.worker!.image, 'one image for both');

  assert.ok(services.wordpress!.healthcheck, 'WordPress has a healthcheck');
  assert.ok(targets(services.wordpress!).includes('/var/www/html/wp-content/mu-plugins/plume-companion.php'), 'the companion plugin is a must-use plugin');
  for (const name of ['web', 'worker']) {
    assert.deepEqual(services[name]!.depends_on, {
      redis: { condition: 'service_healthy' },
      'wordpress-setup': { condition: 'service_completed_successfully' },
    });
  }
  assert.deepEqual(services['wordpress-setup']!.depends_on, { wordpress: { condition: 'service_healthy' } });
  assert.deepEqual(services.wordpress!.depends_on, { db: { condition: 'service_healthy' } });

  // OpenAI by default: the key alone, the base URL left to the SDK's default.
  assert.equal(services.worker!.environment!.OPENAI_BASE_URL, '');
  assert.equal(services.web!.environment!.PLUME_API_TOKEN, SECRETS.PLUME_API_TOKEN);
  assert.deepEqual(services['ollama-pull']!.depends_on, { ollama: { condition: 'service_healthy' } });
  // Nothing always on may wait for a service of the profile: `up` without it would refuse to start.
  for (const name of always) for (const needed of Object.keys(services[name]!.depends_on ?? {})) assert.ok(always.includes(needed), `${name} needs ${needed}`);
});

test('no top-level name: (docker-compose 1.29 refuses it); the project is named by directory or COMPOSE_PROJECT_NAME', () => {
  assert.doesNotMatch(readFileSync('docker-compose.yml', 'utf8'), /^name:/m);
  assert.match(readFileSync('.env.example', 'utf8'), /^COMPOSE_PROJECT_NAME=plume$/m);
});
