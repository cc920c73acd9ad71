import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../config/index.js';
import { closeRedisConnection, createArticleQueue, enqueueArticle, redisConnection } from '../../jobs/queue.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { servicesEnv } from '../helpers/plume.js';
import { startPlumeProcess, waitFor, type PlumeProcess } from '../helpers/plume-process.js';
import { startOwnRedisCluster, type OwnRedisCluster } from '../helpers/redis-cluster.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

/**
 * Plume on a three-master Redis Cluster: two worker processes share the queue, every item ends
 * as one draft, and every key of the queue sits on one node (the `{plume}` hash tag).
 */
const ITEMS = 4;
const baseText = fixture('lavrov-pyongyang.fr.txt');
const items = Array.from({ length: ITEMS }, (_, i) => ({ text: `${baseText}\n\nDépêche de référence CLUSTER-${i + 1}-FIN.` }));

let cluster: OwnRedisCluster;
let wp: WordPressServer;
let model: ScriptedModel;
const workers: PlumeProcess[] = [];

before(async () => {
  cluster = await startOwnRedisCluster();
  wp = await startWordPress({ name: 'cluster' });
  // Some latency, so both workers have items in hand at once.
  model = await startScriptedModel([], { latencyMs: 300 });
  model.otherwise(() => ({ answer: articleFixture('revised') }));
});
after(async () => {
  for (const w of workers) await w.stop();
  await model?.close();
  await wp?.stop();
  await cluster?.close();
});

test('two workers on a Redis Cluster: every item one draft, the queue on one hash slot', async () => {
  const env = { ...servicesEnv(model, wp), REDIS_URL: cluster.url, PLUME_MAX_REPAIRS: '0', PLUME_CONCURRENCY: '1', PLUME_BACKOFF_MS: '200', LOG_LEVEL: 'info' };
  const config = loadConfig(env, ['worker']);
  assert.equal(config.queuePrefix, '{plume}');
  for (let i = 0; i < 2; i++) workers.push(startPlumeProcess(['node', '--import', 'tsx', 'worker/main.ts'], env));
  const logs = () => workers.map((w, i) => `worker ${i + 1}:\n${w.output()}`).join('\n');

  const connection = redisConnection(config);
  const queue = createArticleQueue(config, connection);
  try {
    const ids: string[] = [];
    for (const item of items) ids.push((await enqueueArticle(queue, item)).id);
    const counts = await waitFor(
      'every item to finish',
      async () => {
        const c = await queue.getJobCounts('completed', 'failed');
        return (c.completed ?? 0) + (c.failed ?? 0) >= ITEMS ? c : undefined;
      },
      180_000,
      logs,
    );
    assert.deepEqual(counts, { completed: ITEMS, failed: 0 }, logs());

    const keys = await wp.query("SELECT meta_value, COUNT(*) FROM wp_postmeta m JOIN wp_posts p ON p.ID = m.post_id WHERE m.meta_key = '_plume_source_key' AND p.post_type = 'post' GROUP BY meta_value");
    assert.deepEqual(keys.map(([key]) => key).sort(), [...ids].sort(), 'one draft per item');
    assert.ok(keys.every(([, count]) => count === '1'), `one draft per item: ${JSON.stringify(keys)}`);

    // BullMQ's multi-key scripts only work if every key of the queue hashes to one slot.
    const byNode = cluster.keysByNode('*plume*');
    const holding = byNode.filter((keys) => keys.length > 0);
    assert.equal(holding.length, 1, `queue keys on one node: ${JSON.stringify(byNode)}`);
    assert.ok(holding[0]!.every((key) => key.startsWith('{plume}:')), holding[0]!.join(', '));

    // One job at a time each, with the model's latency: both workers took items.
    for (const [i, w] of workers.entries()) assert.ok(ids.some((id) => w.output().includes(id)), `worker ${i + 1} ran no item\n${logs()}`);
  } finally {
    await queue.close();
    await closeRedisConnection(connection);
  }
  for (const w of workers) assert.equal(await w.stop(), 0, logs());
});
