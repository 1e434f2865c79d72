import { type Context, Hono } from 'hono';
import { UsersPage, UsersSection, type UsersSectionProps } from '../../views/users';
import { canChangeUsers, canCreateUser } from '../domain/access';
import { roles } from '../domain/accounts';
import { AppError, errorMessage } from '../domain/errors';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { changeUser, createUser, sendReset, usersFor } from '../workflows/accounts';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: requireActor(c), locale: c.get('locale'), now: c.get('deps').clock(), origin: new URL(c.req.url).origin });

/** The accounts the reader may see, and what they may do with them (403 for who may see none). */
async function sectionOf(c: Context<AppEnv>): Promise<UsersSectionProps> {
  const ctx = ctxOf(c);
  return {
    ctx: pageContext(c),
    users: await usersFor(ctx),
    roles: roles.filter((r) => canCreateUser(ctx.actor, r)),
    canChange: canChangeUsers(ctx.actor),
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

  return routes;
}
