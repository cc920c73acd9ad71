import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Values for the variables the compose file requires: it refuses to start without them. */
export const COMPOSE_SECRETS = { PLUME_API_TOKEN: 'a-token', OPENAI_API_KEY: 'a-key', WORDPRESS_DB_PASSWORD: 'a-db-password', WP_ADMIN_PASSWORD: 'an-admin-password' };

export interface ComposeService {
  command?: string[];
  ports?: unknown[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  volumes?: Array<{ target?: string; source?: string } | string>;
  image?: string;
  init?: boolean;
}

// An empty env file: a developer's .env must not change what is checked.
let envFile: string | undefined;

/** Debian's docker-compose 1.29 on the repository's compose file (no engine needed). */
export function compose(args: string[], env: Record<string, string> = COMPOSE_SECRETS) {
  if (!envFile) {
    envFile = join(mkdtempSync(join(tmpdir(), 'plume-compose-')), 'empty.env');
    writeFileSync(envFile, '');
  }
  const run = spawnSync('docker-compose', ['--env-file', envFile, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (run.error) assert.fail(`docker-compose cannot run (${run.error.message}): .ci/run installs it with apt-get install -y docker-compose`);
  return run;
}

/** The resolved file as JSON (docker-compose prints YAML; its own PyYAML reads it back). */
export function resolvedCompose(args: string[] = []): { services: Record<string, ComposeService> } {
  const run = compose([...args, 'config']);
  assert.equal(run.status, 0, run.stderr);
  const json = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: run.stdout, encoding: 'utf8' });
  assert.equal(json.status, 0, json.stderr);
  return JSON.parse(json.stdout);
}
