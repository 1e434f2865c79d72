import { errorMessage } from '../src/domain/errors';
import { messages } from '../src/domain/i18n';
import { Layout, type PageContext } from './layout';

/** The page a one-time link opens: set a password (or: this link no longer works). */
export function InvitationPage(props: { ctx: PageContext; token: string; invited: { email: string; name: string; purpose: 'invite' | 'reset' } | null; error?: string }) {
  const t = messages[props.ctx.locale].invitation;
  const action = `/invitations/${props.token}`;
  return (
    <Layout ctx={props.ctx} title={t.title}>
      {props.invited ? (
        <form method="post" action={action} class="card stack">
          <h1>{props.invited.purpose === 'invite' ? t.welcome.replace('{name}', props.invited.name) : t.title}</h1>
          <p>{t.intro.replace('{email}', props.invited.email)}</p>
          {props.error && (
            <p class="alert" role="alert">
              {props.error}
            </p>
          )}
          <input type="hidden" name="email" value={props.invited.email} autocomplete="username" />
          <label>
            {t.password}
            <input type="password" name="password" required minlength={10} autocomplete="new-password" />
          </label>
          <button type="submit">{t.save}</button>
        </form>
      ) : (
        <p class="alert" role="alert">
          {errorMessage('invitation_gone', props.ctx.locale)}
        </p>
      )}
    </Layout>
  );
}
