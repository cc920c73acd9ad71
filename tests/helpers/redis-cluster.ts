import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** A three-master Redis Cluster on loopback ports of its own (the shared Redis on 6379 is never touched). */
export interface OwnRedisCluster {
  ports: number[];
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`, for REDIS_URL. */
  url: string;
  /** Keys held by each master, as `redis-cli KEYS`. */
  keysByNode(pattern: string): string[][];
  close(): Promise<void>;
}

function cli(port: number, ...args: string[]) {
  return spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 20_000 });
}

export async function startOwnRedisCluster(masters = 3): Promise<OwnRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'plume-cluster-'));
  const ports: number[] = [];
  for (let i = 0; i < masters; i++) ports.push(await freePort());
  const children: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(
      children.map((child) => (child.exitCode !== null ? undefined : new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGKILL'))))),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      children.push(
        spawn(
          'redis-server',
          ['--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
          { stdio: 'ignore' },
        ),
      );
    }
    for (const port of ports) {
      for (let tries = 0; cli(port, 'PING').stdout.trim() !== 'PONG'; tries++) {
        if (tries > 100) throw new Error(`redis-server on port ${port} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const create = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (const port of ports) {
      for (let tries = 0; !/cluster_state:ok/.test(cli(port, 'CLUSTER', 'INFO').stdout); tries++) {
        if (tries > 200) throw new Error(`the cluster node on port ${port} did not reach cluster_state:ok`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    ports,
    url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
    keysByNode: (pattern) => ports.map((port) => cli(port, '--raw', 'KEYS', pattern).stdout.split('\n').filter((k) => k !== '')),
    close,
  };
}
