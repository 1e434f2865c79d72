/** Who is asking: a web session cookie (pages) or a Bearer token (API), then their scope. */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import { AppError } from '../domain/errors';
import { everything, nothing } from '../domain/access';
import { scopeOf } from '../queries/scope';
import { sessionByToken } from '../queries/sessions';
import type { AppEnv } from './env';
import { userCookie } from '../../public/app/offline-rules.js';

export const sessionCookie = 'moc_session';
export { userCookie };

/** Loads the web session if there is one; pages that need it call `requireActor`. */
export const webSession = createMiddleware<AppEnv>(async (c, next) => {
  const { db, clock } = c.get('deps');
  const token = getCookie(c, sessionCookie);
  const session = token ? await sessionByToken(db, token, 'web', clock()) : null;
  if (token && !session) deleteCookie(c, sessionCookie, { path: '/' });
  keepUserCookie(c, session && { id: session.actor.id, expiresAt: session.expiresAt });
  c.set('actor', session?.actor ?? null);
  c.set('csrfToken', session?.csrfToken ?? '');
  c.set('scope', session ? await scopeOf(db, session.actor) : nothing);
  if (session && !c.get('localeFromCookie') && session.actor.role === 'sponsor') c.set('locale', 'en');
  await next();
});

/** The token of `Authorization: Bearer <token>`, if the request has one. */
export function bearerToken(c: Context): string | undefined {
  return /^Bearer\s+([A-Za-z0-9]+)$/.exec(c.req.header('authorization') ?? '')?.[1];
}

/** Requires `Authorization: Bearer <token>` from POST /api/v1/tokens. */
export const apiToken = createMiddleware<AppEnv>(async (c, next) => {
  const { db, clock } = c.get('deps');
  const token = bearerToken(c);
  if (!token) throw new AppError('unauthenticated');
  const session = await sessionByToken(db, token, 'api', clock());
  if (!session) throw new AppError('bad_token');
  c.set('actor', session.actor);
  c.set('scope', session.actor.role === 'admin' ? everything : await scopeOf(db, session.actor));
  await next();
});

export function requireActor(c: Context<AppEnv>) {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

/**
 * The user cookie (public/app/offline-rules.js) names whoever the session is for, with the session's expiry, and
 * goes when there is no session: the service worker answers a kit page from the device at once only for them.
 */
export function keepUserCookie(c: Context<AppEnv>, session: { id: number | string; expiresAt: string } | null) {
  const id = session ? String(session.id) : undefined;
  if (getCookie(c, userCookie) === id) return;
  if (!session) deleteCookie(c, userCookie, { path: '/' });
  else setCookie(c, userCookie, String(session.id), { path: '/', sameSite: 'Lax', secure: c.get('deps').config.secureCookies, expires: new Date(session.expiresAt) });
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: string) {
  setCookie(c, sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('deps').config.secureCookies,
    expires: new Date(expiresAt),
  });
}
