import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPageFetcher } from '../../clients/web/fetch-page.js';
import { PermanentError } from '../../errors/index.js';

let server: http.Server;
let port: number;
const hits: string[] = [];
before(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/page` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>page interne</p></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a page on an internal address is refused, by IP or by a name that resolves to one', async () => {
  const fetchPage = createPageFetcher();
  for (const url of [`http://127.0.0.1:${port}/page`, `http://localhost:${port}/page`]) {
    await assert.rejects(fetchPage(url), (error: unknown) => {
      assert.ok(error instanceof PermanentError, String(error));
      assert.match(error.message, /internal address .*PLUME_ALLOW_PRIVATE_URLS/);
      assert.equal(error.input, url);
      return true;
    });
  }
  assert.deepEqual(hits, [], 'nothing reached the internal server');
});

test('with PLUME_ALLOW_PRIVATE_URLS the same pages are fetched, redirects followed', async () => {
  const page = await createPageFetcher({ allowPrivateHosts: true })(`http://localhost:${port}/redirect`);
  assert.match(page.html, /page interne/);
  assert.equal(page.finalUrl, `http://127.0.0.1:${port}/page`);
});

test('with HTTP_PROXY set, a guarded fetch of an internal page is refused without asking the proxy', async () => {
  const proxied: string[] = [];
  const proxy = http.createServer((req, res) => {
    proxied.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>par le proxy</p></body></html>');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const saved = Object.fromEntries(['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'].map((name) => [name, process.env[name]]));
  process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  for (const name of ['http_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
  try {
    hits.length = 0;
    const url = `http://localhost:${port}/page`;
    await assert.rejects(createPageFetcher()(url), (error: unknown) => {
      assert.ok(error instanceof PermanentError, String(error));
      assert.match(error.message, /internal address/);
      return true;
    });
    assert.deepEqual(proxied, [], 'the proxy was never asked');
    assert.deepEqual(hits, [], 'nothing reached the internal server');
    // The proxy is in force for unguarded fetches: the refusal above is the guard's.
    const page = await createPageFetcher({ allowPrivateHosts: true })(url);
    assert.match(page.html, /par le proxy/);
    assert.deepEqual(proxied, [url]);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }
});
