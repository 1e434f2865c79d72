import { messages } from '../src/domain/i18n';
import type { ImportReport } from '../src/workflows/import-backup';
import { Layout, type PageContext } from './layout';

/**
 * The upload form; htmx replaces the results section below it with the one the server answers (outerHTML, so
 * the section's id stays unique), and without JavaScript the page comes back whole.
 */
export function ImportsPage(props: { ctx: PageContext; report?: ImportReport; error?: string }) {
  const t = messages[props.ctx.locale].imports;
  return (
    <Layout ctx={props.ctx} title={t.title}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form method="post" action="/imports" enctype="multipart/form-data" hx-post="/imports" hx-encoding="multipart/form-data" hx-target="#import-results" hx-swap="outerHTML" class="card stack">
        <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
        <label>
          {t.file}
          <input type="file" name="file" accept="application/json,.json" required />
        </label>
        <button type="submit">{t.upload}</button>
      </form>
      <ImportResults ctx={props.ctx} report={props.report} error={props.error} />
    </Layout>
  );
}

export function ImportResults(props: { ctx: PageContext; report?: ImportReport; error?: string }) {
  const t = messages[props.ctx.locale].imports;
  const { report } = props;
  return (
    <section id="import-results" aria-live="polite">
      {props.error && (
        <p class="alert" role="alert">
          {props.error}
        </p>
      )}
      {report && (
        <>
          <p data-summary>
            {t.summary.replace('{stored}', String(report.stored)).replace('{already}', String(report.alreadyThere)).replace('{refused}', String(report.refused))}
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>{t.id}</th>
                  <th>{t.result}</th>
                </tr>
              </thead>
              <tbody>
                {report.results.map((r) => (
                  <tr data-status={r.status}>
                    <td class="hash">{r.id ?? '—'}</td>
                    <td>
                      {r.status === 201 ? t.stored : r.status === 200 ? t.alreadyThere : `${r.status} ${r.title ?? ''}`}
                      {r.errors && r.errors.length > 0 && <ul>{r.errors.map((e) => <li>{`${e.question}: ${e.message}`}</li>)}</ul>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
