import { auditActions, auditFilterQuery, type AuditFilter, auditObjectTypes } from '../src/domain/audit';
import { formatDateTime } from '../src/domain/format';
import type { FieldError } from '../src/domain/errors';
import { messages } from '../src/domain/i18n';
import type { AuditRow } from '../src/queries/audit';
import { Layout, type PageContext } from './layout';
import { Refusal } from './parts';

export interface AuditPageProps {
  ctx: PageContext;
  /** What the filter form shows: the filter as read, or as typed when it was refused. */
  shown: Record<string, string | undefined>;
  /** The filter in force; null when refused (then nothing is listed). */
  filter: AuditFilter | null;
  users: { id: number; name: string; email: string }[];
  rows: AuditRow[];
  next: number | null;
  refused?: FieldError[];
}

/** The filters, the entries (newest first) with the link to older ones, and the CSV of the same filter. */
export function AuditPage(props: AuditPageProps) {
  const { ctx, shown } = props;
  const t = messages[ctx.locale].audit;
  const value = (k: string) => shown[k] ?? '';
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form class="filters" method="get" action="/audit" hx-get="/audit" hx-target="#audit-results" hx-select="#audit-results" hx-swap="outerHTML" hx-trigger="change, submit" hx-push-url="true">
        <label>
          {t.who}
          <select name="user">
            <option value="">{t.anyone}</option>
            {props.users.map((u) => (
              <option value={String(u.id)} selected={value('user') === String(u.id)}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.action}
          <select name="action">
            <option value="">{t.anyAction}</option>
            {auditActions.map((a) => (
              <option value={a} selected={value('action') === a}>
                {t.actions[a] ?? a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.objectType}
          <select name="objectType">
            <option value="">{t.anyObject}</option>
            {auditObjectTypes.map((o) => (
              <option value={o} selected={value('objectType') === o}>
                {t.objectTypes[o] ?? o}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.objectId}
          <input type="text" name="objectId" value={value('objectId')} maxlength={200} />
        </label>
        <label>
          {t.from}
          <input type="date" name="from" value={value('from')} />
        </label>
        <label>
          {t.to}
          <input type="date" name="to" value={value('to')} />
        </label>
        <button type="submit">{messages[ctx.locale].filter}</button>
      </form>
      <p class="muted">{t.dates}</p>
      <AuditResults {...props} />
    </Layout>
  );
}

export function AuditResults(props: AuditPageProps) {
  const { ctx, filter } = props;
  const t = messages[ctx.locale].audit;
  return (
    <div id="audit-results">
      {props.refused && <Refusal title={t.refused} errors={props.refused} />}
      {filter && (
        <p>
          <a href={`/audit.csv${auditFilterQuery(filter)}`} download>
            {t.csv}
          </a>
        </p>
      )}
      {filter && props.rows.length === 0 && <p>{t.none}</p>}
      {props.rows.length > 0 && (
        <div class="scroll">
          <table class="audit">
            <thead>
              <tr>
                <th>{t.at}</th>
                <th>{t.who}</th>
                <th>{t.action}</th>
                <th>{t.object}</th>
                <th>{t.address}</th>
                <th>{t.detail}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr data-audit-id={String(r.id)}>
                  <td>
                    <time datetime={r.at}>{formatDateTime(r.at, ctx.locale)}</time>
                  </td>
                  <td>{r.userId === null ? t.nobody : <a href={`/audit?user=${r.userId}`}>{r.userName ?? r.userEmail ?? `#${r.userId}`}</a>}</td>
                  <td>
                    {t.actions[r.action] ?? r.action} <code>{r.action}</code>
                  </td>
                  <td>
                    <AuditObject row={r} label={r.objectType ? (t.objectTypes[r.objectType] ?? r.objectType) : ''} open={t.open} />
                  </td>
                  <td>{r.address ?? ''}</td>
                  <td>{r.detail && <code class="hash">{r.detail}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {filter && (
        <nav class="pager" aria-label={messages[ctx.locale].page}>
          {filter.before !== undefined ? <a href={`/audit${auditFilterQuery(filter)}`}>{t.newest}</a> : <span />}
          <span />
          {props.next !== null ? (
            <a href={`/audit${auditFilterQuery(filter, { before: String(props.next) })}`} rel="next">
              {t.older}
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}

/** The object an entry names: its id lists the object's own entries; a submission also links to its page. */
function AuditObject(props: { row: AuditRow; label: string; open: string }) {
  const { objectType, objectId } = props.row;
  if (objectType === null || objectId === null) return <>{props.label}</>;
  return (
    <>
      {props.label} <a class="hash" href={`/audit?objectType=${encodeURIComponent(objectType)}&objectId=${encodeURIComponent(objectId)}`}>{objectId}</a>
      {objectType === 'submission' && (
        <>
          {' '}
          <a href={`/submissions/${encodeURIComponent(objectId)}`}>{props.open}</a>
        </>
      )}
    </>
  );
}
