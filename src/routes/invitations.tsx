import { Hono } from 'hono';
import { InvitationPage } from '../../views/invitation';
import { nobleScrypt, sha256Hex } from '../domain/crypto';
import { AppError } from '../domain/errors';
import { clientAddressOf } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { liveInvitation } from '../queries/accounts';
import { acceptInvitation } from '../workflows/accounts';

/** The page a one-time link opens (no session needed): set a password, then sign in. */
export function invitationRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/:token', async (c) => {
    const { db, clock } = c.get('deps');
    const invited = await liveInvitation(db, sha256Hex(c.req.param('token')), clock().toISOString());
    const ctx = pageContext(c);
    return c.html(<InvitationPage ctx={invited && !c.get('localeFromCookie') ? { ...ctx, locale: invited.locale } : ctx} token={c.req.param('token')} invited={invited} />, invited ? 200 : 410);
  });

  routes.post('/:token', async (c) => {
    const { db, clock, config, scrypt } = c.get('deps');
    const token = c.req.param('token');
    const form = await formBody(c);
    const ctx = pageContext(c);
    try {
      await acceptInvitation({ db, now: clock(), locale: ctx.locale, config, scrypt: scrypt ?? nobleScrypt, address: clientAddressOf(c) ?? null }, token, form.password);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
      const invited = await liveInvitation(db, sha256Hex(token), clock().toISOString());
      return c.html(<InvitationPage ctx={ctx} token={token} invited={invited} error={error.errors.map((e) => e.message).join(' ')} />, 422);
    }
    return c.redirect('/signin?set=1', 303);
  });

  return routes;
}
