import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { isLocale } from '../domain/i18n';
import type { AppEnv } from './env';

export const localeCookie = 'moc_lang';

/**
 * Vietnamese unless the `moc_lang` cookie (set by /lang/en) or, for the API, Accept-Language says English. Every answer
 * says its language (Content-Language), so the service worker can tell a kept page in the other language from one it
 * may show at once (public/app/offline-rules.js inLanguageAsked).
 */
export const localeMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const cookie = getCookie(c, localeCookie);
  const header = c.req.header('accept-language')?.toLowerCase() ?? '';
  const fromHeader = c.req.path.startsWith('/api/') && header.startsWith('en') ? 'en' : undefined;
  c.set('locale', isLocale(cookie) ? cookie : (fromHeader ?? 'vi'));
  c.set('localeFromCookie', isLocale(cookie) || Boolean(fromHeader));
  await next();
  // On the response's own headers, as securityHeaders does: c.header() on a finished response makes
  // @hono/node-server turn its light response into a full web Response with a body stream (~60 µs a request).
  c.res.headers.set('Content-Language', c.get('locale'));
});
