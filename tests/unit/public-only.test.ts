import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPublicLiteral, isPublicAddress, publicOnlyRequestOptions } from '../../clients/web/public-only.js';

/** Addresses that lead inside a network, with why. */
const INTERNAL: Array<[string, string]> = [
  ['127.0.0.1', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.20.0.5', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', '"this network"'],
  ['100.64.0.1', 'shared address space (carrier-grade NAT)'],
  ['100.127.255.254', 'shared address space, last'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.254', 'benchmarking, last'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata, hex'],
  ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of 169.254.169.254'],
  ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
  ['64:ff9b:1::a9fe:a9fe', 'local-use NAT64: not globally routed'],
  ['64:ff9b:1::808:808', 'local-use NAT64, even of a public address'],
  ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
  ['2002:a9fe:a9fe::1', '6to4 of 169.254.169.254'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo whose client is 127.0.0.1'],
  ['2001:0:7f00:1:8000:63bf:f7f7:f7f7', 'Teredo whose server is 127.0.0.1'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::a9fe:a9fe', 'IPv4-compatible metadata'],
  ['::0.0.0.2', 'inside ::/96, not an IPv4 address'],
  ['fec0::1', 'site-local (deprecated, still routed)'],
  ['fe80::1', 'link-local'],
  ['fe80::1%lo', 'link-local with a zone'],
  ['fc00::1', 'unique local'],
  ['fd12:3456::1', 'unique local'],
  ['ff02::1', 'multicast'],
  ['ff0e::1', 'multicast, global scope'],
  ['2001:db8::1', 'documentation'],
  ['100::1', 'discard-only'],
  ['2001:2::1', 'benchmarking'],
  ['5f00::1', 'segment routing'],
  ['4000::1', 'outside 2000::/3, unallocated'],
];

const PUBLIC = [
  '93.184.216.34',
  '8.8.8.8',
  '172.32.0.1',
  '100.128.0.1',
  '198.20.0.1',
  '2606:4700::1111',
  '2a00:1450:4007:80b::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
  '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  '::8.8.8.8',
];

test('internal addresses are refused, whatever notation or IPv6 transition scheme carries them', () => {
  for (const [address, why] of INTERNAL) assert.equal(isPublicAddress(address), false, `${address} (${why})`);
});

test('public addresses pass, also when an IPv6 transition scheme carries a public IPv4 address', () => {
  for (const address of PUBLIC) assert.equal(isPublicAddress(address), true, address);
});

test('what is not an IP address in a standard notation is not public', () => {
  for (const value of ['not-an-ip', '', '0x7f.1', '127.1', '2130706433', '[::1]', '::1/128']) {
    assert.equal(isPublicAddress(value), false, value);
  }
});

test('an internal IP literal in a URL host is refused; names wait for resolution', () => {
  assert.throws(() => assertPublicLiteral('169.254.169.254'), /internal address .*PLUME_ALLOW_PRIVATE_URLS/);
  assert.throws(() => assertPublicLiteral('[::1]'), /internal address/);
  assert.throws(() => assertPublicLiteral('[64:ff9b::a9fe:a9fe]'), /internal address/);
  assert.throws(() => assertPublicLiteral(new URL('http://[::ffff:127.0.0.1]/').hostname), /internal address/);
  assert.throws(() => assertPublicLiteral(new URL('http://0x7f.1/').hostname), /internal address \(127\.0\.0\.1\)/);
  assert.doesNotThrow(() => assertPublicLiteral('8.8.8.8'));
  assert.doesNotThrow(() => assertPublicLiteral('www.example.org'));
});

test('guarded requests never go through a proxy from the environment', () => {
  assert.equal(publicOnlyRequestOptions().proxy, false);
});
