// Issue 10 item 8: every HTML, feed, calendar and JSON answer is compressed when the client takes
// it, and decodes to what an uncompressed answer says. A real listening server on the demo data.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startListeningApp } from '../test-support/admin-server.js';

/** A raw GET (fetch would decode for us and hide the header). */
function rawGet(
  base: string,
  path: string,
  acceptEncoding?: string,
): Promise<{ status: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (encoding: string | undefined, body: Buffer) =>
  encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

describe('compressed answers', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  before(async () => {
    server = await startListeningApp({ scheduler: false });
  });
  after(async () => server.close());

  const paths = [
    '/api/v1/summary',
    '/api/v1/summary?components=ky',
    '/api/v1/components',
    '/api/v1/incidents?state=recent',
    '/api/v1/maintenances',
    '/api/v1/content',
    '/api/v2/summary.json',
    '/api/openapi.json',
    '/',
    '/c/ky',
    '/maintenance',
    '/api',
    '/site/site.css',
    '/feeds/incidents.atom',
    '/feeds/incidents.rss',
    '/calendar.ics',
    '/widget/kdi-status.js',
  ];

  it('every HTML, feed, calendar and JSON answer of some size is gzipped for a gzip client, and says the same', async () => {
    for (const path of paths) {
      const plain = await rawGet(server.baseUrl, path);
      assert.equal(plain.status, 200, path);
      assert.equal(plain.encoding, undefined, `${path}: nothing asked, nothing coded`);
      if (plain.body.length < 1024) continue;
      const gzip = await rawGet(server.baseUrl, path, 'gzip');
      assert.equal(gzip.encoding, 'gzip', path);
      assert.ok(gzip.body.length < plain.body.length, `${path}: smaller`);
      assert.deepEqual(decode(gzip.encoding, gzip.body).toString(), plain.body.toString(), `${path}: the same answer`);
    }
  });

  it('brotli where it is kept ready (pages, feeds, v2, the document, the bundle); gzip elsewhere', async () => {
    for (const path of paths) {
      const answer = await rawGet(server.baseUrl, path, 'br, gzip');
      const plain = await rawGet(server.baseUrl, path);
      if (plain.body.length < 1024) continue;
      assert.ok(answer.encoding === 'br' || answer.encoding === 'gzip', `${path}: ${answer.encoding}`);
      assert.equal(decode(answer.encoding, answer.body).toString(), plain.body.toString(), path);
    }
  });
});
