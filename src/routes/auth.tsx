import { Hono } from 'hono';
import { getCookie, deleteCookie } from 'hono/cookie';
import { SignInForm, SignInPage } from '../../views/signin';
import { AppError, errorMessage } from '../domain/errors';
import { messages } from '../domain/i18n';
import { sameOriginPath } from '../domain/redirects';
import { auditOf } from '../middleware/audit';
import { isStorageFault, toAppError } from '../middleware/errors';
import { keepUserCookie, sessionCookie, setSessionCookie } from '../middleware/auth';
import { signInContext } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { audit } from '../queries/audit';
import { createSession, deleteSession } from '../queries/sessions';
import { signIn } from '../workflows/sign-in';

/**
 * A refused sign-in as its AppError (the form shows it, with its fields kept): a wrong password, a wait, or a
 * database that cannot be written now (503, which the page swaps in place of the form); anything else is a real failure.
 */
function refusal(err: unknown): AppError {
  if (err instanceof AppError && (err.code === 'bad_credentials' || err.code === 'too_many_sign_ins' || err.code === 'sign_in_busy')) return err;
  if (isStorageFault(err)) return toAppError(err);
  throw err;
}

export function authRoutes() {
  const auth = new Hono<AppEnv>();

  auth.get('/signin', (c) => {
    if (c.get('actor')) return c.redirect('/');
    // After a one-time link set the password (routes/invitations.tsx).
    const notice = c.req.query('set') === '1' ? messages[c.get('locale')].invitation.done : undefined;
    return c.html(<SignInPage ctx={pageContext(c)} next={sameOriginPath(c.req.query('next'))} notice={notice} />);
  });

  auth.post('/signin', async (c) => {
    const { db, clock, config } = c.get('deps');
    const form = await formBody(c);
    const email = typeof form.email === 'string' ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = sameOriginPath(form.next);
    const opened = email && password
      ? await signIn({ ...signInContext(c), via: 'web' }, email, password)
          .then(async (user) => ({ user, session: await createSession(db, user.id, 'web', clock(), config.sessionTtlHours * 3600_000) }))
          .catch(refusal)
      : new AppError('bad_credentials');
    if (opened instanceof AppError) {
      // The form again with the message: 422 for a wrong password, 429 or 503 (with Retry-After) while sign-in waits.
      const ctx = pageContext(c);
      const props = { ctx, email, error: errorMessage(opened.code, ctx.locale), next };
      if (opened.retryAfterSeconds !== undefined) c.header('Retry-After', String(opened.retryAfterSeconds));
      const status = opened.code === 'bad_credentials' ? 422 : (opened.status as 429 | 503);
      return c.html(c.req.header('hx-request') ? <SignInForm {...props} /> : <SignInPage {...props} />, status);
    }
    const { user, session } = opened;
    setSessionCookie(c, session.token, session.expiresAt);
    keepUserCookie(c, { id: user.id, expiresAt: session.expiresAt }); // before `next` is followed (a kit page, maybe)
    await audit(db, { ...auditOf(c, 'signin', { objectType: 'user', objectId: String(user.id), detail: { via: 'web' } }), userId: user.id });
    if (c.req.header('hx-request')) {
      c.header('HX-Redirect', next);
      return c.body(null, 204);
    }
    return c.redirect(next, 303);
  });

  auth.post('/signout', async (c) => {
    const token = getCookie(c, sessionCookie);
    if (token) await deleteSession(c.get('deps').db, token);
    const actor = c.get('actor');
    if (actor) await audit(c.get('deps').db, auditOf(c, 'signout', { objectType: 'user', objectId: String(actor.id), detail: { via: 'web' } }));
    deleteCookie(c, sessionCookie, { path: '/' });
    keepUserCookie(c, null);
    // The browser's HTTP cache and back-forward cache go too (not the service worker's shell, not the queue).
    c.header('Clear-Site-Data', '"cache"');
    return c.redirect('/signin', 303);
  });

  return auth;
}
