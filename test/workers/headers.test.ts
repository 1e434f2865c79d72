/** On workerd, the same middleware: CSP, nosniff, Referrer-Policy, HSTS (SECURE_COOKIES defaults to true), no-store. */
import { exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';

it('answers with the security headers and no-store on pages and the API', async () => {
  for (const path of ['/signin', '/api/v1/models', '/no-such-page']) {
    const res = await exports.default.fetch(new Request(`https://moc.example${path}`));
    expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=/);
    expect(res.headers.get('cache-control'), path).toBe('no-store');
    await res.arrayBuffer();
  }
});
