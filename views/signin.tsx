import { messages } from '../src/domain/i18n';
import { Layout, type PageContext } from './layout';

export function SignInForm(props: { ctx: PageContext; email?: string; error?: string; next?: string }) {
  const t = messages[props.ctx.locale];
  return (
    <form id="signin" method="post" action="/signin" hx-post="/signin" hx-target="#signin" hx-swap="outerHTML" class="card stack">
      <h1>{t.signIn}</h1>
      {props.error && (
        <p class="alert" role="alert">
          {props.error}
        </p>
      )}
      <input type="hidden" name="next" value={props.next ?? '/'} />
      <label>
        {t.email}
        <input type="email" name="email" required autocomplete="username" value={props.email ?? ''} />
      </label>
      <label>
        {t.password}
        <input type="password" name="password" required autocomplete="current-password" />
      </label>
      <button type="submit">{t.signIn}</button>
    </form>
  );
}

export function SignInPage(props: { ctx: PageContext; next?: string; email?: string; error?: string; notice?: string }) {
  const t = messages[props.ctx.locale];
  return (
    <Layout ctx={props.ctx} title={t.signIn}>
      <p class="tagline">{t.tagline}</p>
      {props.notice && (
        <p class="saved" role="status">
          {props.notice}
        </p>
      )}
      <SignInForm ctx={props.ctx} next={props.next} email={props.email} error={props.error} />
    </Layout>
  );
}
