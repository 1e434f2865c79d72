import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Actor } from '../src/domain/access';
import { type Locale, messages } from '../src/domain/i18n';
import { AlertRegion } from './alerts';

export interface PageContext {
  locale: Locale;
  actor: Actor | null;
  csrfToken: string;
  /** The current path, so the language switch can come back to it. */
  path: string;
  /** Which pages the header links to (src/domain/access.ts decides). */
  nav?: { programme: boolean; targets: boolean; users: boolean; instruments?: boolean; programmes?: boolean; audit?: boolean };
  /** Whether the reader collects surveys, so gets the field bar and its scripts (src/domain/access.ts decides). */
  collects?: boolean;
}

/** JSON inside a <script> must not be able to close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * htmx under the CSP (script-src and style-src 'self'): no <style> of its own (the indicator rules are in
 * style.css), no eval, no script run from swapped HTML; and no page snapshots kept in localStorage, where
 * a record page would stay on the device after sign-out.
 */
const htmxConfig = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false, historyCacheSize: 0 });

/**
 * The page shell: header with navigation and language switch, htmx (unless a page does without it), the CSRF
 * header for htmx requests, and for people who collect surveys the field bar (queue, sync, backup; see
 * public/app/field.js).
 */
export function Layout(props: { ctx: PageContext; title: string; children: Child; head?: Child; htmx?: boolean }) {
  const { ctx } = props;
  const t = messages[ctx.locale];
  const other = ctx.locale === 'vi' ? 'en' : 'vi';
  const collects = ctx.actor !== null && ctx.collects === true;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{`${props.title} · ${t.appName}`}</title>
        <link rel="stylesheet" href="/app/style.css" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" content="#0b5d4b" />
        <meta name="htmx-config" content={htmxConfig} />
        {props.htmx !== false && <script src="/vendor/htmx.min.js" defer></script>}
        <script type="module" src="/app/moc.js"></script>
        {collects && <script src="/vendor/idb.umd.js" defer></script>}
        {/* A module runs deferred, in document order with the defer scripts: after idb, before survey-page.js. */}
        {collects && <script type="module" src="/app/field.js"></script>}
        {props.head}
      </head>
      <body hx-headers={ctx.csrfToken ? JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken }) : undefined}>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t.appName}
          </a>
          {ctx.actor && (
            <nav>
              <a href="/">{t.home}</a>
              <a href="/models">{t.models}</a>
              {ctx.nav?.programme && <a href="/programme">{t.overview.title}</a>}
              {ctx.nav?.targets && <a href="/targets">{t.targets.nav}</a>}
              {ctx.nav?.users && <a href="/users">{t.users.nav}</a>}
              {ctx.nav?.instruments && <a href="/instruments">{t.instrumentsPage.nav}</a>}
              {ctx.nav?.programmes && <a href="/programmes">{t.programmes.nav}</a>}
              {ctx.nav?.audit && <a href="/audit">{t.audit.nav}</a>}
              <a href="/account">{t.account.nav}</a>
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
        {collects && <FieldBar ctx={ctx} />}
        <AlertRegion locale={ctx.locale} />
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
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

/** The field bar: what waits to be sent, what was sent, the last sync, any problem; filled by field.js. */
function FieldBar(props: { ctx: PageContext }) {
  const t = messages[props.ctx.locale].field;
  return (
    <section id="field-bar" class="field-bar" aria-live="polite" hidden>
      <span>
        {t.waiting}: <b data-field="waiting">0</b>
      </span>
      <span>
        {t.sent}: <b data-field="sent">0</b>
      </span>
      <span data-field="rejected-box" hidden>
        {t.rejected}: <b data-field="rejected">0</b>
      </span>
      <span>
        {t.lastSync}: <time data-field="last-sync">{t.never}</time>
      </span>
      <span data-field="offline-ready" hidden>
        ✓ <span class="field-bar-long">{t.offlineReady}</span>
      </span>
      <button type="button" data-field="sync-now">
        {t.syncNow}
      </button>
      <details>
        <summary>{t.backup}</summary>
        <p data-field="storage"></p>
        <button type="button" data-field="export">
          {t.exportBackup}
        </button>
        <label class="file-button">
          {t.importBackup}
          <input type="file" accept="application/json,.json" data-field="import" />
        </label>
      </details>
      <p data-field="notice" hidden></p>
      <p data-field="problem" class="error" hidden></p>
      <ul data-field="rejected-list" class="rejected-list"></ul>
      <script type="application/json" id="field-config">
        {raw(scriptJson({ locale: props.ctx.locale, user: props.ctx.actor?.email, text: t }))}
      </script>
    </section>
  );
}
