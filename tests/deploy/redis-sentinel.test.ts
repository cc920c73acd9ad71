import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis } from '../../clients/redis/connect.js';
import { loadConfig } from '../../config/index.js';
import { closeRedisConnection, createArticleQueue, enqueueArticle, redisConnection } from '../../jobs/queue.js';
import { freePort } from '../helpers/free-port.js';
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';

/** A Sentinel watching a Redis of the test's own: REDIS_URL=redis+sentinel://… reaches the master through it. */
let master: OwnRedis;
let sentinel: ChildProcess;
let sentinelPort: number;
const dir = mkdtempSync(join(tmpdir(), 'plume-sentinel-'));

before(async () => {
  master = await startOwnRedis();
  sentinelPort = await freePort();
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, `port ${sentinelPort}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor newsroom 127.0.0.1 ${master.port} 1\n`);
  sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
});
after(async () => {
  sentinel?.kill('SIGKILL');
  await master?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('redis+sentinel:// reaches the master the Sentinel names, for the server and for the queue', async () => {
  const config = loadConfig({ REDIS_URL: `redis+sentinel://127.0.0.1:${sentinelPort}/newsroom`, PLUME_QUEUE_PREFIX: 'plume-sentinel-test' }, []);
  assert.equal(config.queuePrefix, 'plume-sentinel-test', 'no hash tag outside a Cluster');
  const direct = connectRedis(`redis://127.0.0.1:${master.port}`);
  const viaSentinel = connectRedis(config.redis, { retryStrategy: (times) => (times > 50 ? null : 200) });
  const connection = redisConnection(config);
  const queue = createArticleQueue(config, connection);
  try {
    await viaSentinel.set('plume-sentinel-test:probe', 'through the sentinel');
    assert.equal(await direct.get('plume-sentinel-test:probe'), 'through the sentinel', 'the write landed on the master');
    const { id } = await enqueueArticle(queue, { text: 'Une dépêche de test, assez longue pour être une source valable de quelques mots.' });
    assert.equal(await direct.hget(`plume-sentinel-test:articles:${id}`, 'name'), 'article', 'BullMQ wrote the job on the master');
  } finally {
    await queue.close();
    await closeRedisConnection(connection);
    viaSentinel.disconnect();
    direct.disconnect();
  }
});
