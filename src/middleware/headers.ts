/**
 * The headers every response carries, on Node and on Workers alike (one middleware in createApp):
 * - a Content-Security-Policy that runs only the app's own script and style files (no inline script, no
 *   inline style, no eval) and lets no other site frame the app; nosniff; Referrer-Policy; HSTS with
 *   SECURE_COOKIES;
 * - the cache rule: a response that is not a public static file and whose route did not say otherwise is
 *   `Cache-Control: no-store`. Routes of an evaluator's offline kit say `private, no-cache` (`keepOffline`);
 *   the service worker (public/sw.js) keeps nothing that is no-store;
 * - `X-Moc-User`: whom a web response was made for (the user's id, empty when nobody is signed in), so the
 *   service worker drops another person's offline kit as soon as someone else, or nobody, is signed in.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppConfig } from '../config';
import { keepsOfflineKit } from '../domain/access';
import type { AppEnv } from './env';

/** The files of public/ served as they are, to anyone: they carry nothing personal. */
export const publicAssetPaths = ['/vendor/*', '/app/*', '/manifest.webmanifest', '/sw.js'];

export function isPublicAsset(path: string): boolean {
  return publicAssetPaths.some((p) => (p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : path === p));
}

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // The page's empty favicon (`data:,`) and SurveyJS's icons.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const userHeader = 'X-Moc-User';

/** The middleware, for `config.secureCookies` (HSTS only when the app is served over HTTPS). */
export function securityHeaders(config: Pick<AppConfig, 'secureCookies'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Referrer-Policy', 'same-origin');
    if (config.secureCookies) headers.set('Strict-Transport-Security', 'max-age=31536000');
    if (!headers.has('Cache-Control') && !isPublicAsset(c.req.path)) headers.set('Cache-Control', 'no-store');
    const actor = c.get('actor');
    if (actor !== undefined) headers.set(userHeader, actor ? String(actor.id) : '');
  };
}

/**
 * Marks a response as part of the signed-in evaluator's offline kit: the service worker may keep it in that
 * evaluator's cache (the browser revalidates it each time). For anyone else the response stays no-store.
 */
export function keepOffline(c: Context<AppEnv>) {
  const actor = c.get('actor');
  if (actor && keepsOfflineKit(actor)) c.header('Cache-Control', 'private, no-cache');
}
