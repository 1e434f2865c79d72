import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import { userScopeTexts } from '../src/domain/user-scope';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Refusal } from './parts';

type Named = { id: string; nameVi: string; nameEn: string };

export interface UserScopePageProps {
  ctx: PageContext;
  user: { id: number; name: string; email: string };
  programmes: Named[];
  models: (Named & { programmeId: string })[];
  /** The ids ticked: what the account was given, or what was sent when refused. */
  chosen: { models: string[]; programmes: string[] };
  saved?: boolean;
  refused?: FieldError[];
  /** Why this account holds no scope (an evaluator, an admin): shown instead of the form. */
  notHeld?: string | null;
}

/** /users/:id/scope: programmes (whole) and models grouped by programme, as checkboxes, for admins. */
export function UserScopePage(props: UserScopePageProps) {
  const { ctx, user, chosen } = props;
  const t = userScopeTexts[ctx.locale];
  const title = t.title.replace('{name}', user.name);
  const action = `/users/${user.id}/scope`;
  const box = (name: 'models' | 'programmes', item: Named) => (
    <label class="check">
      <span>
        <input type="checkbox" name={name} value={item.id} checked={chosen[name].includes(item.id)} /> {localName(item, ctx.locale)} <small class="muted">{item.id}</small>
      </span>
    </label>
  );
  // Models under their programme's name (a model's programme missing from the list still shows, under its id).
  const groups = [...new Set(props.models.map((m) => m.programmeId))].map((id) => ({
    programme: props.programmes.find((p) => p.id === id),
    id,
    models: props.models.filter((m) => m.programmeId === id),
  }));
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={[{ href: '/users', label: messages[ctx.locale].users.title }, { label: user.name }]} />
      <h1>{title}</h1>
      <p class="muted">{user.email}</p>
      {props.refused && <Refusal title={t.notSaved} errors={props.refused} />}
      {props.saved && (
        <p class="saved" role="status">
          {t.saved}
        </p>
      )}
      {props.notHeld ? <p class="note">{props.notHeld}</p> : <p>{t.intro}</p>}
      {!props.notHeld && (
        <form method="post" action={action} class="stack" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <fieldset class="card" data-kind="programmes">
            <legend>{t.programmes}</legend>
            <p class="note">{t.programmesHint}</p>
            {props.programmes.length === 0 ? <p class="muted">{t.noProgrammes}</p> : props.programmes.map((p) => box('programmes', p))}
          </fieldset>
          <fieldset class="card" data-kind="models">
            <legend>{t.models}</legend>
            <p class="note">{t.modelsHint}</p>
            {groups.map((g) => (
              <fieldset data-programme={g.id}>
                <legend>{g.programme ? localName(g.programme, ctx.locale) : g.id}</legend>
                {g.models.map((m) => box('models', m))}
              </fieldset>
            ))}
          </fieldset>
          <button type="submit">{t.save}</button>
        </form>
      )}
      <p>
        <a href="/users">{t.back}</a>
      </p>
    </Layout>
  );
}
