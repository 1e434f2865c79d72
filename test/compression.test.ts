/** The Node server sends compressed bytes: vendored files precompressed at install, pages on the fly. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../src/db-node';
import { startServer } from './support/browser';

let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

/** A raw GET: Node's fetch would decompress and hide what crossed the wire. */
function rawGet(path: string, encoding: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(server.url + path, { headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

it('serves the vendored SurveyJS gzip-compressed, byte for byte the installed file', async () => {
  const original = readFileSync(join(repoRoot, 'public/vendor/survey.core.min.js'));
  const res = await rawGet('/vendor/survey.core.min.js', 'gzip');
  expect(res.headers['content-encoding']).toBe('gzip');
  expect(res.body.length).toBeLessThan(original.length / 3);
  expect(gunzipSync(res.body).equals(original)).toBe(true);
  const plain = await rawGet('/vendor/survey.core.min.js', 'identity');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.equals(original)).toBe(true);
});

it('compresses pages and app scripts on the fly', async () => {
  for (const path of ['/signin', '/app/field.js']) {
    const res = await rawGet(path, 'gzip');
    expect(res.headers['content-encoding'], path).toBe('gzip');
    expect(gunzipSync(res.body).length).toBeGreaterThan(res.body.length);
  }
});

it('says Vary: Accept-Encoding once on what it may compress, compressed or not, with the response language', async () => {
  for (const [path, encoding] of [['/signin', 'gzip'], ['/signin', 'identity'], ['/healthz', 'gzip'], ['/healthz', 'identity']]) {
    const res = await rawGet(path, encoding);
    expect(res.headers.vary, `${path} ${encoding}`).toBe('Accept-Encoding');
    expect(res.headers['content-language'], path).toBe('vi');
  }
});
