/**
 * CSRF protection for every state-changing web request: a foreign Origin is refused, and for signed-in users the session's synchronizer token, sent as the `_csrf` form field or `X-CSRF-Token`.
 */
import { createMiddleware } from 'hono/factory';
import { AppError } from '../domain/errors';
import type { AppEnv } from './env';

export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const origin = c.req.header('origin');
  const host = new URL(c.req.url).origin;
  if (origin && origin !== host) throw new AppError('csrf');
  const expected = c.get('csrfToken');
  if (expected) {
    let sent = c.req.header('x-csrf-token');
    if (!sent && (c.req.header('content-type') ?? '').includes('form')) {
      // A body that does not parse as the form it claims to be carries no token (a 403, not a crash).
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      sent = typeof form._csrf === 'string' ? form._csrf : undefined;
    }
    if (sent !== expected) throw new AppError('csrf');
  }
  return next();
});
