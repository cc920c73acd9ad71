import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPublicLiteral, isPublicAddress } from '../../clients/web/public-only.js';

test('internal addresses are told from public ones, IPv4 and IPv6', () => {
  for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
    assert.equal(isPublicAddress(address), false, address);
  }
  for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
    assert.equal(isPublicAddress(address), true, address);
  }
  assert.equal(isPublicAddress('not-an-ip'), false);
});

test('an internal IP literal in a URL host is refused; names wait for resolution', () => {
  assert.throws(() => assertPublicLiteral('169.254.169.254'), /internal address .*PLUME_ALLOW_PRIVATE_URLS/);
  assert.throws(() => assertPublicLiteral('[::1]'), /internal address/);
  assert.doesNotThrow(() => assertPublicLiteral('8.8.8.8'));
  assert.doesNotThrow(() => assertPublicLiteral('www.example.org'));
});
