/**
 * Corrections on the pages: a submission's history of corrections (each revision: who, when, why, each change
 * old → new) with the link to correct it, and an evaluator's submissions sent back with issues (home page).
 * Views get booleans, never roles.
 */
import { localName, messages } from '../src/domain/i18n';
import { type AnswerChange, changeValueText } from '../src/domain/revisions';
import type { PageContext } from './layout';
import { formatDateTime, instrumentName } from '../src/domain/format';

export interface RevisionsView {
  /** The content revision now stored (1 = as sent). */
  current: number;
  /** Each change with, where the form can say it, the question's title and the answers as the form reads them. */
  revisions: { revision: number; reason: string; revisedAt: string; revisedBy: { name: string }; changes: (AnswerChange & { title?: string; oldText?: string; newText?: string })[] }[];
  /** The link to the correction page, when the reader may correct the submission now. */
  editUrl: string | null;
}

/** The history of corrections on the submission page. */
export function Revisions(props: { ctx: PageContext } & RevisionsView) {
  const t = messages[props.ctx.locale].corrections;
  return (
    <section id="revisions" class="card" data-revision={props.current}>
      <h2>{t.history}</h2>
      <p>
        {t.currentRevision}: <b data-current-revision>{props.current}</b>
        {props.editUrl && (
          <>
            {' '}
            <a class="button" href={props.editUrl} data-correct>
              {t.correct}
            </a>
          </>
        )}
      </p>
      {props.revisions.length === 0 && <p class="note">{t.none}</p>}
      {[...props.revisions].reverse().map((r) => (
        <article class="revision" data-revision={r.revision}>
          <h3>
            {t.revision} {r.revision} · {r.revisedBy.name} · <time datetime={r.revisedAt}>{formatDateTime(r.revisedAt, props.ctx.locale)}</time>
          </h3>
          <p>
            {t.reason}: <q data-reason>{r.reason}</q>
          </p>
          <div class="scroll">
            <table class="changes">
              <thead>
                <tr>
                  <th>{t.question}</th>
                  <th>{t.old}</th>
                  <th>{t.new}</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.map((c) => (
                  <tr data-question={c.question}>
                    <td>
                      {c.title && <>{c.title} </>}
                      <code>{c.question}</code>
                    </td>
                    <td data-old>{c.oldText ?? changeValueText(c.old)}</td>
                    <td data-new>{c.newText ?? changeValueText(c.new)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </article>
      ))}
    </section>
  );
}

export interface IssueView {
  id: string;
  communeVi: string;
  communeEn: string;
  instrumentSlug: string;
  instrumentVersion: number;
  /** The instrument's title (null: a version no longer released, shown by its slug). */
  instrumentVi: string | null;
  instrumentEn: string | null;
  receivedAt: string;
  comment: string | null;
  reviewer: string | null;
  /** The content revision sent back (the correction's baseRevision). */
  revision: number;
}

/** An evaluator's submissions sent back with issues, each with the reviewer's comment and the link to correct it. */
export function IssuesList(props: { ctx: PageContext; issues: IssueView[] }) {
  if (props.issues.length === 0) return null;
  const t = messages[props.ctx.locale].corrections;
  return (
    <section id="issues" class="card">
      <h2>
        {t.issues} ({props.issues.length})
      </h2>
      <p class="note">{t.issuesIntro}</p>
      <ul class="actions">
        {props.issues.map((i) => (
          <li data-issue={i.id}>
            <b>{localName({ nameVi: i.communeVi, nameEn: i.communeEn }, props.ctx.locale)}</b> · {instrumentName({ titleVi: i.instrumentVi ?? i.instrumentSlug, titleEn: i.instrumentEn ?? i.instrumentSlug, version: i.instrumentVersion }, props.ctx.locale)} · <code>{i.id.slice(0, 8)}</code>
            {i.comment && (
              <p>
                {t.comment}
                {i.reviewer ? ` (${i.reviewer})` : ''}: <q data-comment>{i.comment}</q>
              </p>
            )}
            <a class="button" href={`/submissions/${i.id}/edit`}>
              {t.correct}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
