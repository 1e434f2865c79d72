/** The signed-in person's own account (`/account`): change the password. */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { AccountPage } from '../../views/account';
import { sha256Hex } from '../domain/crypto';
import { AppError } from '../domain/errors';
import { requireActor, sessionCookie } from '../middleware/auth';
import { signInContext } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { changeOwnPassword } from '../workflows/accounts';

export function accountRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', (c) => {
    const actor = requireActor(c);
    return c.html(<AccountPage ctx={pageContext(c)} email={actor.email} changed={c.req.query('changed') === '1'} />);
  });

  routes.post('/', async (c) => {
    const actor = requireActor(c);
    const form = await formBody(c);
    try {
      await changeOwnPassword({ ...signInContext(c), actor, locale: c.get('locale') }, form, sha256Hex(getCookie(c, sessionCookie) ?? ''));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
      return c.html(<AccountPage ctx={pageContext(c)} email={actor.email} errors={error.errors} />, 422);
    }
    return c.redirect('/account?changed=1', 303);
  });

  return routes;
}
