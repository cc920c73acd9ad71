import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../config/index.js';
import { parseRedisUrl, queuePrefixFor } from '../../config/redis-url.js';

test('a redis:// or rediss:// URL is one server', () => {
  assert.deepEqual(parseRedisUrl('redis://127.0.0.1:6379'), { kind: 'standalone', url: 'redis://127.0.0.1:6379', username: undefined, password: undefined, tls: false });
  const tls = parseRedisUrl('rediss://plume:s%40cret@redis.example:6380/2');
  assert.equal(tls.kind, 'standalone');
  assert.equal(tls.password, 's@cret');
  assert.equal(tls.tls, true);
});

test('redis+sentinel:// lists the sentinels, then the master name and an optional database', () => {
  assert.deepEqual(parseRedisUrl('redis+sentinel://:pw@s1:26379,s2:26379,[::1]:26380/mymaster/3'), {
    kind: 'sentinel',
    sentinels: [
      { host: 's1', port: 26379 },
      { host: 's2', port: 26379 },
      { host: '::1', port: 26380 },
    ],
    masterName: 'mymaster',
    db: 3,
    username: undefined,
    password: 'pw',
    tls: false,
  });
  assert.equal(parseRedisUrl('rediss+sentinel://s1:26379/m').tls, true);
});

test('redis+cluster:// lists seed nodes', () => {
  assert.deepEqual(parseRedisUrl('redis+cluster://10.0.0.1:7000,10.0.0.2:7000'), {
    kind: 'cluster',
    nodes: [
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7000 },
    ],
    username: undefined,
    password: undefined,
    tls: false,
  });
});

test('a malformed REDIS_URL says what is wrong and which forms are accepted', () => {
  const cases: Array<[string, RegExp]> = [
    ['http://x', /unknown scheme "http:\/\/"/],
    ['localhost:6379', /no scheme/],
    ['redis+sentinel://s1:26379,s2:26379', /needs the master's name/],
    ['redis+sentinel://s1/mymaster', /"s1" is not host:port/],
    ['redis+cluster://n1:7000,n2:99999', /"n2:99999" is not host:port/],
    ['redis+cluster://n1:7000/0', /nothing may follow the hosts/],
    ['redis+cluster://', /lists no host:port/],
    ['redis+sentinel://s1:1/m/x', /database "x" is not a number/],
  ];
  for (const [url, reason] of cases) {
    assert.throws(() => parseRedisUrl(url), (error: Error) => reason.test(error.message) && /redis\+cluster:\/\/host:port/.test(error.message), url);
  }
  assert.throws(
    () => loadConfig({ REDIS_URL: 'redis+cluster://n1' }, ['server']),
    (error: unknown) => error instanceof ConfigError && error.issues.some((i) => i.variable === 'REDIS_URL' && /"n1" is not host:port/.test(i.message)),
  );
});

test('on a Cluster the queue prefix is hash-tagged, so BullMQ keys of one queue share a slot', () => {
  const cluster = parseRedisUrl('redis+cluster://n1:7000');
  assert.equal(queuePrefixFor(cluster, 'plume'), '{plume}');
  assert.equal(queuePrefixFor(cluster, '{newsroom}'), '{newsroom}');
  assert.equal(queuePrefixFor(parseRedisUrl('redis://n1:6379'), 'plume'), 'plume');
  const token = '5a5857594d01784716895370093027c2975bba6caf375823353f9ebb4fb8f484';
  assert.equal(loadConfig({ REDIS_URL: 'redis+cluster://n1:7000', PLUME_API_TOKEN: token }, ['server']).queuePrefix, '{plume}');
  assert.equal(loadConfig({ REDIS_URL: 'redis+sentinel://s:26379/m', PLUME_API_TOKEN: token }, ['server']).queuePrefix, 'plume');
});
