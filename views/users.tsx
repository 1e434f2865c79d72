import type { Role } from '../src/domain/access';
import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import { userScopeTexts } from '../src/domain/user-scope';
import { Layout, type PageContext } from './layout';
import { Refusal } from './parts';
import { formatDateTime } from '../src/domain/format';

type Named = { id: string; nameVi: string; nameEn: string };

export interface UsersSectionProps {
  ctx: PageContext;
  /** `reach`: what a manager or sponsor was given, for readers who may change it (admins), with a link to do so. */
  users: { id: number; email: string; name: string; role: Role; active: boolean; reach?: { models: Named[]; programmes: Named[] } }[];
  /** The roles the reader may give a new account (managers: evaluator). */
  roles: Role[];
  /** The organisations a new account may belong to, offered to readers who create any role (admins); else empty. */
  organisations: { id: string; name: string }[];
  /** Whether the reader may deactivate, reactivate and send reset links (admins). */
  canChange: boolean;
  /** A one-time link just made, to hand to its person. */
  link?: { email: string; url: string; expiresAt: string };
  refused?: { form: Record<string, unknown>; errors: FieldError[] };
}

export function UsersPage(props: UsersSectionProps) {
  const t = messages[props.ctx.locale].users;
  return (
    <Layout ctx={props.ctx} title={t.title}>
      <h1>{t.title}</h1>
      <UsersSection {...props} />
    </Layout>
  );
}

/** The accounts and the form for a new one, in one section that htmx replaces (outerHTML). */
export function UsersSection(props: UsersSectionProps) {
  const { ctx, refused } = props;
  const t = messages[ctx.locale].users;
  const roleNames = messages[ctx.locale].roles;
  const typed = (name: string) => (typeof refused?.form[name] === 'string' ? (refused.form[name] as string) : '');
  const post = (path: string, label: string, fields: Record<string, string> = {}) => (
    <form method="post" action={path} hx-post={path} hx-target="#users" hx-swap="outerHTML" class="inline">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="link">
        {label}
      </button>
    </form>
  );
  return (
    <section id="users" aria-live="polite">
      {refused && <Refusal title={t.notSaved} errors={refused.errors} />}
      {props.link && (
        <p class="saved" data-link>
          {t.linkFor.replace('{email}', props.link.email).replace('{expires}', formatDateTime(props.link.expiresAt, ctx.locale))} <code>{props.link.url}</code>
        </p>
      )}
      <form method="post" action="/users" hx-post="/users" hx-target="#users" hx-swap="outerHTML" class="card stack" novalidate>
        <h2>{t.create}</h2>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <label>
          {t.email}
          <input type="email" name="email" value={typed('email')} required autocomplete="off" />
        </label>
        <label>
          {t.name}
          <input name="name" value={typed('name')} required />
        </label>
        <label>
          {t.role}
          <select name="role">
            {props.roles.map((r) => (
              <option value={r} selected={typed('role') === r}>
                {roleNames[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.language}
          <select name="locale">
            <option value="vi">Tiếng Việt</option>
            <option value="en" selected={typed('locale') === 'en'}>
              English
            </option>
          </select>
        </label>
        {props.organisations.length > 0 && (
          <label>
            {t.organisation}
            <select name="organisation">
              <option value="">{t.noOrganisation}</option>
              {props.organisations.map((o) => (
                <option value={o.id} selected={typed('organisation') === o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit">{t.createButton}</button>
      </form>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>{t.name}</th>
              <th>{t.email}</th>
              <th>{t.role}</th>
              <th>{t.status}</th>
              {props.users.some((u) => u.reach) && <th>{userScopeTexts[ctx.locale].reaches}</th>}
              {props.canChange && <th></th>}
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr data-user={u.email}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{roleNames[u.role]}</td>
                <td>{u.active ? t.active : t.inactive}</td>
                {props.users.some((x) => x.reach) && <td data-reach>{u.reach && <Reach ctx={ctx} userId={u.id} reach={u.reach} />}</td>}
                {props.canChange && (
                  <td>
                    {post(`/users/${u.id}`, u.active ? t.deactivate : t.reactivate, { active: u.active ? 'false' : 'true' })}{' '}
                    {u.active && post(`/users/${u.id}/reset`, t.reset)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A short line of what a manager or sponsor reaches (whole programmes first; at most three names) and the link to change it. */
function Reach(props: { ctx: PageContext; userId: number; reach: { models: Named[]; programmes: Named[] } }) {
  const s = userScopeTexts[props.ctx.locale];
  const names = [...props.reach.programmes.map((p) => `${localName(p, props.ctx.locale)} (${s.wholeProgramme})`), ...props.reach.models.map((m) => localName(m, props.ctx.locale))];
  const shown = names.length > 3 ? `${names.slice(0, 3).join('; ')}; +${names.length - 3}` : names.join('; ');
  return (
    <>
      <span class={names.length ? undefined : 'muted'}>{shown || s.nothing}</span> <a href={`/users/${props.userId}/scope`}>{s.edit}</a>
    </>
  );
}
