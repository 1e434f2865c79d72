import type { Child } from 'hono/jsx';
import type { Actor } from '../src/domain/access';
import { type Locale, messages } from '../src/domain/i18n';

export interface PageContext {
  locale: Locale;
  actor: Actor | null;
  csrfToken: string;
  /** The current path, so the language switch can come back to it. */
  path: string;
}

/** The page shell: header with navigation and language switch, htmx, and the CSRF header for htmx requests. */
export function Layout(props: { ctx: PageContext; title: string; children: Child; head?: Child }) {
  const { ctx } = props;
  const t = messages[ctx.locale];
  const other = ctx.locale === 'vi' ? 'en' : 'vi';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{`${props.title} · ${t.appName}`}</title>
        <link rel="stylesheet" href="/app/style.css" />
        <script src="/vendor/htmx.min.js" defer></script>
        <script src="/app/moc.js" defer></script>
        {props.head}
      </head>
      <body hx-headers={ctx.csrfToken ? JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken }) : undefined}>
        <header class="top">
          <a class="brand" href="/">
            {t.appName}
          </a>
          {ctx.actor && (
            <nav>
              <a href="/">{t.home}</a>
              <a href="/models">{t.models}</a>
            </nav>
          )}
          <span class="spacer" />
          <a class="lang" href={`/lang/${other}?back=${encodeURIComponent(ctx.path)}`} hreflang={other}>
            {t.language}
          </a>
          {ctx.actor && (
            <form method="post" action="/signout" class="inline">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit" class="link" title={`${t.signedInAs} ${ctx.actor.email}`}>
                {t.signOut}
              </button>
            </form>
          )}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

export function Breadcrumbs(props: { items: { href?: string; label: string }[] }) {
  return (
    <nav class="crumbs" aria-label="breadcrumbs">
      {props.items.map((i) => (i.href ? <a href={i.href}>{i.label}</a> : <span>{i.label}</span>))}
    </nav>
  );
}
