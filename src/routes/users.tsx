import { type Context, Hono } from 'hono';
import { UserScopePage, type UserScopePageProps } from '../../views/user-scope';
import { UsersPage, UsersSection, type UsersSectionProps } from '../../views/users';
import { canChangeUsers, canCreateUser, canSetUserScope, scopeHeldBy } from '../domain/access';
import { roles } from '../domain/accounts';
import { AppError, errorMessage } from '../domain/errors';
import { requireActor } from '../middleware/auth';
import { clientAddressOf } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { scopeNotHeld } from '../domain/user-scope';
import { userById } from '../queries/accounts';
import { allOrganisations } from '../queries/programmes';
import { scopeChoices, scopesGiven } from '../queries/user-scope';
import { changeUser, createUser, sendReset, usersFor } from '../workflows/accounts';
import { setUserScope, userScope } from '../workflows/user-scope';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: requireActor(c), locale: c.get('locale'), now: c.get('deps').clock(), origin: new URL(c.req.url).origin, address: clientAddressOf(c) ?? null });

/** The accounts the reader may see, and what they may do with them (403 for who may see none). */
async function sectionOf(c: Context<AppEnv>): Promise<UsersSectionProps> {
  const ctx = ctxOf(c);
  const users = await usersFor(ctx);
  // What each manager or sponsor reaches, and a link to change it, for those who may set it (admins).
  const scopes = canSetUserScope(ctx.actor) ? await scopesGiven(ctx.db) : null;
  return {
    ctx: pageContext(c),
    users: users.map((u) => (scopes && scopeHeldBy(u.role).length > 0 ? { ...u, reach: scopes.get(u.id) ?? { models: [], programmes: [] } } : u)),
    roles: roles.filter((r) => canCreateUser(ctx.actor, r)),
    canChange: canChangeUsers(ctx.actor),
    organisations: canCreateUser(ctx.actor, 'admin') ? await allOrganisations(ctx.db) : [],
  };
}

/** Accounts on the web (GET /users; POST to create, change and reset), as the API does them. */
export function userRoutes() {
  const routes = new Hono<AppEnv>();
  const respond = async (c: Context<AppEnv>, extra: Partial<UsersSectionProps>, status: 200 | 409 | 422 = 200) => {
    const props = { ...(await sectionOf(c)), ...extra };
    return c.html(c.req.header('hx-request') ? <UsersSection {...props} /> : <UsersPage {...props} />, status);
  };
  /** Runs an action; a refusal with messages comes back as the section with them. */
  const acting = async (c: Context<AppEnv>, form: Record<string, unknown>, action: () => Promise<Partial<UsersSectionProps>>) => {
    try {
      return await respond(c, await action());
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'invalid_request' && error.code !== 'email_taken')) throw error;
      const errors = error.code === 'email_taken' ? [{ question: 'email', message: `${errorMessage('email_taken', c.get('locale'))} (${String(form.email ?? '')})` }] : error.errors;
      return respond(c, { refused: { form, errors } }, error.code === 'email_taken' ? 409 : 422);
    }
  };

  routes.get('/', async (c) => respond(c, {}));

  routes.post('/', async (c) => {
    const form = await formBody(c);
    return acting(c, form, async () => {
      const created = await createUser(ctxOf(c), form);
      return { link: { email: created.email, url: created.invitation.url, expiresAt: created.invitation.expiresAt } };
    });
  });

  routes.post('/:id', async (c) => {
    const form = await formBody(c);
    return acting(c, form, async () => {
      // Only an explicit 'true' or 'false' changes anything; anything else is refused with the form's message.
      const active = form.active === 'true' ? true : form.active === 'false' ? false : form.active;
      await changeUser(ctxOf(c), Number(c.req.param('id')), { active });
      return {};
    });
  });

  routes.post('/:id/reset', async (c) => {
    const form = await formBody(c);
    return acting(c, form, async () => {
      const id = Number(c.req.param('id'));
      const link = await sendReset(ctxOf(c), id);
      const user = (await usersFor(ctxOf(c))).find((u) => u.id === id);
      return { link: { email: user?.email ?? '', ...link } };
    });
  });

  /** The scope page of an account: what it was given (or what was sent, when refused). */
  const scopePage = async (c: Context<AppEnv>, extra: Partial<UserScopePageProps> & { chosen: UserScopePageProps['chosen'] }, status: 200 | 422 = 200) => {
    const ctx = ctxOf(c);
    const user = (await userById(ctx.db, Number(c.req.param('id'))))!;
    const choices = await scopeChoices(ctx.db);
    return c.html(<UserScopePage ctx={pageContext(c)} user={user} {...choices} notHeld={scopeNotHeld(user.role, ctx.locale)} {...extra} />, status);
  };

  routes.get('/:id/scope', async (c) => scopePage(c, { chosen: await userScope(ctxOf(c), Number(c.req.param('id'))) }));

  routes.post('/:id/scope', async (c) => {
    const form = await formBody(c, { all: true });
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
    const sent = { models: list(form.models), programmes: list(form.programmes) };
    try {
      return scopePage(c, { chosen: await setUserScope(ctxOf(c), Number(c.req.param('id')), sent), saved: true });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
      return scopePage(c, { chosen: sent, refused: error.errors }, 422);
    }
  });

  return routes;
}
