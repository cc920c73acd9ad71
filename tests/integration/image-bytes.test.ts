import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentError } from '../../errors/index.js';
import { createWordPressClient, type WordPressClient } from '../../clients/wordpress/index.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

// A 1×1 red PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const page = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let wp: WordPressServer;
let images: Server;
let imagesUrl: string;
let client: WordPressClient;

before(async () => {
  wp = await startWordPress({ name: 'imagebytes' });
  images = createServer((request, response) => {
    const send = (type: string, body: Buffer) => response.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length }).end(body);
    if (request.url === '/real.png') send('image/png', png);
    else if (request.url === '/page.png') send('image/png', page);
    else if (request.url === '/drawing.svg') send('image/svg+xml', svg);
    else if (request.url === '/named.jpg') send('image/jpeg', png);
    else if (request.url === '/huge.png') send('image/png', Buffer.concat([png, Buffer.alloc(4096)]));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  client = createWordPressClient({ url: wp.url, username: wp.username, appPassword: wp.appPassword, allowPrivateImageHosts: true, maxImageBytes: 2048 });
});
after(async () => {
  await new Promise((resolve) => images?.close(resolve));
  await wp?.stop();
});

const attachments = async () => Number((await wp.query("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'attachment'"))[0]![0]);
const upload = (path: string, key: string, c: WordPressClient = client) =>
  c.media.uploadFromUrl({ imageUrl: `${imagesUrl}${path}`, altText: 'Satellite', sourceKey: key, title: 'Satellite' });

test('the bytes decide: a page or an SVG named as an image is refused and never uploaded; a PNG sent as JPEG is stored as PNG', async () => {
  for (const [path, key] of [['/page.png', 'src-page'], ['/drawing.svg', 'src-svg']] as const) {
    await assert.rejects(upload(path, key), (error: unknown) => {
      assert.ok(error instanceof PermanentError);
      assert.match(error.message, /is not an image: its bytes are/);
      return true;
    });
  }
  assert.equal(await attachments(), 0);
  const media = await upload('/named.jpg', 'src-named');
  assert.match(media.url, /\.png$/);
  assert.equal(await attachments(), 1);
});

test('an image over the size cap, or behind an internal address, is refused and never uploaded', async () => {
  const before = await attachments();
  await assert.rejects(upload('/huge.png', 'src-huge'), /larger than 2048 bytes/);
  // Without PLUME_ALLOW_PRIVATE_URLS, the loopback image server itself is an internal address.
  const guarded = createWordPressClient({ url: wp.url, username: wp.username, appPassword: wp.appPassword });
  await assert.rejects(upload('/real.png', 'src-private', guarded), PermanentError);
  assert.equal(await attachments(), before);
});
