import { Hono } from 'hono';
import { getCookie, deleteCookie } from 'hono/cookie';
import { SignInForm, SignInPage } from '../../views/signin';
import { verifyPassword } from '../domain/crypto';
import { errorMessage } from '../domain/errors';
import { sameOriginPath } from '../domain/redirects';
import { sessionCookie, setSessionCookie } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { createSession, deleteSession } from '../queries/sessions';
import { userByEmail } from '../queries/users';


export function authRoutes() {
  const auth = new Hono<AppEnv>();

  auth.get('/signin', (c) => {
    if (c.get('actor')) return c.redirect('/');
    return c.html(<SignInPage ctx={pageContext(c)} next={sameOriginPath(c.req.query('next'))} />);
  });

  auth.post('/signin', async (c) => {
    const { db, clock, config } = c.get('deps');
    const form = await formBody(c);
    const email = typeof form.email === 'string' ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = sameOriginPath(form.next);
    const user = email && password ? await userByEmail(db, email) : null;
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      const ctx = pageContext(c);
      const error = errorMessage('bad_credentials', ctx.locale);
      const props = { ctx, email, error, next };
      return c.html(c.req.header('hx-request') ? <SignInForm {...props} /> : <SignInPage {...props} />, 422);
    }
    const session = await createSession(db, user.id, 'web', clock(), config.sessionTtlHours * 3600_000);
    setSessionCookie(c, session.token, session.expiresAt);
    if (c.req.header('hx-request')) {
      c.header('HX-Redirect', next);
      return c.body(null, 204);
    }
    return c.redirect(next, 303);
  });

  auth.post('/signout', async (c) => {
    const token = getCookie(c, sessionCookie);
    if (token) await deleteSession(c.get('deps').db, token);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.redirect('/signin', 303);
  });

  return auth;
}
