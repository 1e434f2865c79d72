/** On workerd, the same middleware: CSP, nosniff, Referrer-Policy, HSTS (SECURE_COOKIES defaults to true), no-store, on a redirect too. */
import { expect, it } from 'vitest';
import { fetchWorker } from './support';

it('answers with the security headers and no-store on pages, a redirect and the API', async () => {
  for (const [path, status] of [['/signin', 200], ['/', 302], ['/api/v1/models', 401], ['/no-such-page', 404]] as const) {
    const res = await fetchWorker(path);
    expect(res.status, path).toBe(status);
    expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=/);
    expect(res.headers.get('cache-control'), path).toBe('no-store');
    await res.arrayBuffer();
  }
});
