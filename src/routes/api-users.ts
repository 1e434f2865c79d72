/** Accounts in the JSON API (docs/api.md): create with an invitation, list, change, reset; use an invitation. */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../middleware/env';
import { bodyLimitFromConfig, readJson } from '../middleware/json';
import { nobleScrypt, sha256Hex } from '../domain/crypto';
import { bearerToken } from '../middleware/auth';
import { clientAddressOf, signInContext } from '../middleware/client-address';
import { acceptInvitation, changeOwnPassword, changeUser, createUser, sendReset, usersFor } from '../workflows/accounts';
import { setUserScope, userScope } from '../workflows/user-scope';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: c.get('actor')!, locale: c.get('locale'), now: c.get('deps').clock(), origin: new URL(c.req.url).origin, address: clientAddressOf(c) ?? null });

export function userApiRoutes() {
  const api = new Hono<AppEnv>();
  api.post('/users', async (c) => c.json(await createUser(ctxOf(c), await readJson(c)), 201));
  api.get('/users', async (c) => c.json({ users: await usersFor(ctxOf(c)) }));
  api.patch('/users/:id', async (c) => c.json(await changeUser(ctxOf(c), Number(c.req.param('id')), await readJson(c))));
  api.post('/users/me/password', bodyLimitFromConfig, async (c) => {
    await changeOwnPassword({ ...signInContext(c), actor: c.get('actor')!, locale: c.get('locale') }, await readJson(c), sha256Hex(bearerToken(c) ?? ''));
    return c.body(null, 204);
  });
  api.post('/users/:id/reset', async (c) => c.json(await sendReset(ctxOf(c), Number(c.req.param('id'))), 201));
  api.get('/users/:id/scope', async (c) => c.json(await userScope(ctxOf(c), Number(c.req.param('id')))));
  api.put('/users/:id/scope', async (c) => c.json(await setUserScope(ctxOf(c), Number(c.req.param('id')), await readJson(c))));
  return api;
}

/** Before the token check: whoever holds the link sets the password (201 once; 410 after). */
export function invitationApiRoutes() {
  const api = new Hono<AppEnv>();
  api.post('/invitations/:token', bodyLimitFromConfig, async (c) => {
    const { db, clock, config, scrypt } = c.get('deps');
    const body = (await readJson(c)) as { password?: unknown } | null;
    await acceptInvitation({ db, now: clock(), locale: c.get('locale'), config, scrypt: scrypt ?? nobleScrypt, address: clientAddressOf(c) ?? null }, c.req.param('token'), body?.password);
    return c.json({ status: 'password set' }, 201);
  });
  return api;
}
