/**
 * Response compression where the platform does not compress (Node): hono's compress, with its
 * `Vary: Accept-Encoding` said first on the response's own headers. hono says it with c.header(), which on
 * @hono/node-server turns every finished light response (a string body) into a full web Response with a
 * body stream, compressed or not: ~60 µs of each API request's CPU.
 */
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX, compress } from 'hono/compress';

const varies = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

export function compressResponses(): MiddlewareHandler {
  const inner = compress();
  return (c, next) =>
    inner(c, async () => {
      await next();
      const headers = c.res.headers;
      if (c.res.status === 206 || headers.has('Content-Encoding') || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(headers.get('Content-Type') ?? '')) return;
      const vary = headers.get('Vary');
      if (vary !== '*' && !(vary && varies.test(vary))) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    });
}
