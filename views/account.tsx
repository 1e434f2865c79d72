import { messages } from '../src/domain/i18n';
import type { FieldError } from '../src/domain/errors';
import { Layout, type PageContext } from './layout';
import { Refusal } from './parts';

/** The signed-in person's own account: change the password (the current one first). */
export function AccountPage(props: { ctx: PageContext; email: string; changed?: boolean; errors?: FieldError[] }) {
  const t = messages[props.ctx.locale].account;
  return (
    <Layout ctx={props.ctx} title={t.title}>
      <form method="post" action="/account" class="card stack">
        <h1>{t.title}</h1>
        <p>{t.intro.replace('{email}', props.email)}</p>
        {props.changed && (
          <p class="saved" role="status">
            {t.changed}
          </p>
        )}
        {props.errors && <Refusal title={t.notChanged} errors={props.errors} />}
        <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
        <input type="hidden" name="email" value={props.email} autocomplete="username" />
        <label>
          {t.current}
          <input type="password" name="current" required autocomplete="current-password" />
        </label>
        <label>
          {t.password}
          <input type="password" name="password" required minlength={10} autocomplete="new-password" />
        </label>
        <button type="submit">{t.save}</button>
      </form>
    </Layout>
  );
}
