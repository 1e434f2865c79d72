/**
 * Static files as Workers serve them: wrangler's own local runtime (workerd with the assets router, which the
 * vitest-pool-workers suite bypasses), from wrangler.toml and public/_headers, offline. Vendor files are cached
 * a day like on Node (src/node.ts); the platform compresses them itself, so the .br/.gz copies are not served.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unstable_startWorker } from 'wrangler';

let worker: Awaited<ReturnType<typeof unstable_startWorker>>;

beforeAll(async () => {
  process.env.WRANGLER_SEND_METRICS = 'false';
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  worker = await unstable_startWorker({ config: 'wrangler.toml', dev: { server: { port: 0 }, inspector: false, persist: false, logLevel: 'none' } });
  await worker.ready;
});

afterAll(() => worker?.dispose());

const get = async (path: string) => {
  const res = await worker.fetch(`https://moc.example${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
  await res.arrayBuffer();
  return res;
};

it('caches vendor files a day, compressed by the platform, with the security headers of every response', async () => {
  for (const path of ['/vendor/htmx.min.js', '/vendor/survey.core.min.js', '/vendor/survey-core.min.css']) {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('cache-control'), path).toBe('public, max-age=86400');
    // Miniflare names the encoding it leaves to the edge; the file itself is stored once, uncompressed.
    expect(res.headers.get('content-encoding') ?? res.headers.get('mf-content-encoding'), path).toBe('br');
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
  }
});

it('revalidates the app’s own files, which change with every release, and does not serve the precompressed copies', async () => {
  expect((await get('/app/style.css')).headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  for (const path of ['/vendor/htmx.min.js.br', '/vendor/htmx.min.js.gz']) expect((await get(path)).status, path).toBe(404);
});
