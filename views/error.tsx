import { messages } from '../src/domain/i18n';
import { Layout, type PageContext } from './layout';

/**
 * An error page: a title, what happened and what to do (the status's sentence), the catalogue's reason when it
 * says more than the status, and real links: home, and sign-in (back to `signInNext`) when nobody is signed in.
 */
export function ErrorPage(props: { ctx: PageContext; status: number; message: string; detail: boolean; signInNext: string; errors?: readonly { message: string }[] }) {
  const t = messages[props.ctx.locale].failures;
  const page = t.pages[props.status] ?? t.pages[props.status >= 500 ? 500 : 400];
  return (
    <Layout ctx={props.ctx} title={page.title}>
      <section class="card error-page" data-status={props.status}>
        <h1>{page.title}</h1>
        <p data-sentence>{page.sentence}</p>
        {props.detail && <p data-detail>{props.message}</p>}
        {props.detail && props.errors && props.errors.length > 0 && (
          <ul data-errors>
            {props.errors.map((e) => (
              <li>{e.message}</li>
            ))}
          </ul>
        )}
        <ul class="actions">
          <li>
            <a href="/">{t.home}</a>
          </li>
          {props.ctx.actor === null && (
            <li>
              <a href={`/signin?next=${encodeURIComponent(props.signInNext)}`}>{t.signInLink}</a>
            </li>
          )}
        </ul>
      </section>
    </Layout>
  );
}

/** What htmx gets when a request fails outside a form; public/app/moc.js shows its text in the alert region. */
export function ErrorFragment(props: { message: string }) {
  return (
    <div class="alert" role="alert">
      {props.message}
    </div>
  );
}
