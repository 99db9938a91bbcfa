import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ProblemSchema } from '@kdi-status/sdk';
import type { App } from '../app.js';
import { startListeningApp } from '../test-support/admin-server.js';

/** The built bundle as it is on disk: what every coding must decode to. */
const file = readFileSync(fileURLToPath(import.meta.resolve('@kdi-status/widget/bundle')));

/** A GET over real HTTP, body as the bytes on the wire (node:http decodes nothing). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('widget bundle delivery', () => {
  let app: App;
  let base: string;
  let close: () => Promise<void>;
  let manifest: { url: string; integrity: string };
  const inject = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    app.http.inject({ method, url, headers });

  before(async () => {
    ({ app, baseUrl: base, close } = await startListeningApp({ seed: false, scheduler: false }));
    manifest = JSON.parse((await inject('/widget/kdi-status.json')).body);
  });
  after(() => close());

  it('publishes the versioned URL and the SRI hash of the uncompressed bytes', async () => {
    const response = await inject('/widget/kdi-status.json');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.deepEqual(Object.keys(manifest).sort(), ['integrity', 'url']);
    const sha256 = createHash('sha256').update(file).digest('hex');
    assert.equal(manifest.url, `/widget/kdi-status.${sha256.slice(0, 10)}.js`);
    assert.equal(manifest.integrity, `sha384-${createHash('sha384').update(file).digest('base64')}`);
    const etag = String(response.headers.etag);
    assert.equal((await inject('/widget/kdi-status.json', { 'if-none-match': etag })).statusCode, 304);
  });

  it('sends brotli and gzip that decode to the file, over real HTTP, with the right Content-Length', async () => {
    for (const url of [`${base}/widget/kdi-status.js`, `${base}${manifest.url}`]) {
      const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.status, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(Number(br.headers['content-length']), br.body.length);
      assert.ok(brotliDecompressSync(br.body).equals(file), 'brotli decodes to the file');
      assert.ok(br.body.length < file.length / 2, `brotli ${br.body.length} of ${file.length} bytes`);

      const gz = await get(url, { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(Number(gz.headers['content-length']), gz.body.length);
      assert.ok(gunzipSync(gz.body).equals(file), 'gzip decodes to the file');
      assert.ok(br.body.length < gz.body.length, 'brotli 11 beats gzip 9');

      const plain = await get(url);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(Number(plain.headers['content-length']), file.length);
      assert.ok(plain.body.equals(file));
      for (const res of [br, gz, plain]) {
        assert.equal(res.headers.vary, 'Accept-Encoding');
        assert.match(res.headers['content-type']!, /^text\/javascript/);
        assert.equal(res.headers['access-control-allow-origin'], '*');
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
      }
      assert.equal(new Set([br, gz, plain].map((r) => r.headers.etag)).size, 3, 'an ETag per coding');
    }
  });

  it('caches the versioned URL for good and the plain one for five minutes, each revalidated by its ETag', async () => {
    const versioned = await inject(manifest.url, { 'accept-encoding': 'br' });
    assert.equal(versioned.headers['cache-control'], 'public, max-age=31536000, immutable');
    const plain = await inject('/widget/kdi-status.js', { 'accept-encoding': 'br' });
    assert.equal(plain.headers['cache-control'], 'public, max-age=300');
    for (const coding of ['br', 'gzip', 'identity']) {
      const first = await inject('/widget/kdi-status.js', { 'accept-encoding': coding });
      const etag = String(first.headers.etag);
      const again = await inject('/widget/kdi-status.js', { 'accept-encoding': coding, 'if-none-match': etag });
      assert.equal(again.statusCode, 304, coding);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal(again.headers.vary, 'Accept-Encoding');
      assert.equal(again.headers['cache-control'], 'public, max-age=300');
      assert.equal(again.headers['access-control-allow-origin'], '*');
    }
    // Another coding's ETag is another representation: the body is sent.
    const gzTag = String((await inject('/widget/kdi-status.js', { 'accept-encoding': 'gzip' })).headers.etag);
    assert.equal((await inject('/widget/kdi-status.js', { 'accept-encoding': 'br', 'if-none-match': gzTag })).statusCode, 200);
  });

  it('honours q=0, and sends the file uncoded when nothing else is acceptable', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=0, br;q=0', undefined],
      ['*;q=0', undefined],
      ['identity', undefined],
      ['*', 'br'],
    ];
    for (const [header, coding] of cases) {
      const response = await inject('/widget/kdi-status.js', { 'accept-encoding': header });
      assert.equal(response.statusCode, 200, header);
      assert.equal(response.headers['content-encoding'], coding, header);
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get(`${base}/widget/kdi-status.js`, { 'accept-encoding': 'br' }).then(async (g) => ({
      g,
      h: await new Promise<{ headers: Record<string, string>; length: number }>((resolve, reject) => {
        httpRequest(`${base}/widget/kdi-status.js`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } }, (res) => {
          let length = 0;
          res.on('data', (chunk: Buffer) => (length += chunk.length));
          res.on('end', () => resolve({ headers: res.headers as Record<string, string>, length }));
        })
          .on('error', reject)
          .end();
      }),
    }));
    assert.equal(head.h.length, 0);
    assert.equal(head.h.headers['content-length'], head.g.headers['content-length']);
    assert.equal(head.h.headers['content-encoding'], 'br');
    assert.equal(head.h.headers.etag, head.g.headers.etag);
  });

  it('answers a version it does not have, or another file, with a 404 problem', async () => {
    const wrong = manifest.url.replace(
      /\.([0-9a-f]{10})\.js$/,
      (_, hex: string) => `.${hex === '0000000000' ? '1111111111' : '0000000000'}.js`,
    );
    for (const url of [wrong, '/widget/kdi-status.ABCDEF0123.js', '/widget/kdi-status.min.js', '/widget/other.js', '/widget/%00']) {
      const response = await inject(url);
      assert.ok([400, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
      ProblemSchema.parse(JSON.parse(response.body));
    }
    const problem = ProblemSchema.parse(JSON.parse((await inject(wrong)).body));
    assert.equal(problem.code, 'widget_version_not_found');
    assert.equal((await inject(wrong)).statusCode, 404);
  });
});

describe('example host apps in the demo', () => {
  it('serve a plain example from its folder and a built one (examples/react) from its dist, assets included', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { Fastify } = { Fastify: (await import('fastify')).default };
    const { registerStaticRoutes } = await import('./static-routes.js');
    const dir = mkdtempSync(join(tmpdir(), 'kdi-examples-'));
    try {
      mkdirSync(join(dir, 'plain'));
      writeFileSync(join(dir, 'plain', 'index.html'), '<p>plain</p>');
      mkdirSync(join(dir, 'built', 'dist', 'assets'), { recursive: true });
      writeFileSync(join(dir, 'built', 'index.html'), '<p>vite source</p>');
      writeFileSync(join(dir, 'built', 'dist', 'index.html'), '<p>built</p>');
      writeFileSync(join(dir, 'built', 'dist', 'assets', 'app-1.js'), 'export {};');
      const http = Fastify();
      registerStaticRoutes(http, { examplesDir: dir });
      const get = async (url: string) => {
        const response = await http.inject({ url });
        return { status: response.statusCode, body: response.body, type: response.headers['content-type'] };
      };
      assert.equal((await get('/examples/plain/')).body, '<p>plain</p>');
      assert.equal((await get('/examples/built/')).body, '<p>built</p>', 'the build, not the source page');
      const asset = await get('/examples/built/assets/app-1.js');
      assert.equal(asset.status, 200);
      assert.match(String(asset.type), /^text\/javascript/);
      await http.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
