/**
 * Review of submissions on the pages: the submission page's state, controls and history (ReviewSection), the
 * round page's list by state with bulk approve (RoundSubmissions) and its review progress, and the switch
 * between what indicator figures count (CountedSwitch). Views get booleans, never roles.
 */
import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import { type Basis, type ReviewState, reviewStateNames, reviewStates } from '../src/domain/review';
import type { PageContext } from './layout';
import { Pager, Progress, Refusal } from './parts';
import { formatDateTime, instrumentName } from '../src/domain/format';

/** A state as a tag, readable without colour. */
export function ReviewStateTag(props: { ctx: PageContext; state: ReviewState }) {
  return (
    <span class={`tag review-${props.state}`} data-review-state={props.state}>
      {reviewStateNames[props.ctx.locale][props.state]}
    </span>
  );
}

export interface ReviewSectionProps {
  ctx: PageContext;
  submissionId: string;
  state: ReviewState;
  /** The states the reader may move it to (empty when they do not review, or from `removed`). */
  moves: ReviewState[];
  /** Whether the reader reviews this submission at all (src/domain/access.ts canReview). */
  canReview: boolean;
  history: { fromState: string; state: string; comment: string | null; reviewedAt: string; reviewer: string }[];
  errors?: FieldError[];
  notice?: string;
}

/**
 * The submission page's review part: its state, the controls (one button per allowed move, a comment), and
 * who moved it when and why. htmx swaps the section with the server's answer; without JavaScript the page
 * comes back.
 */
export function ReviewSection(props: ReviewSectionProps) {
  const { ctx } = props;
  const t = messages[ctx.locale].review;
  const names = reviewStateNames[ctx.locale];
  const action = `/submissions/${props.submissionId}/review`;
  const name = (s: string) => names[s as ReviewState] ?? s;
  return (
    <section id="review" class="card" aria-live="polite">
      <h2>{t.title}</h2>
      <p>
        {t.state}: <ReviewStateTag ctx={ctx} state={props.state} />
      </p>
      {props.state === 'removed' && <p class="note">{t.removedNote}</p>}
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.errors && props.errors.length > 0 && <Refusal title={t.refused} errors={props.errors} />}
      {props.canReview && props.moves.length > 0 && (
        <form method="post" action={action} hx-post={action} hx-target="#review" hx-swap="outerHTML" class="stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="from" value={props.state} />
          <label>
            {t.comment}
            <textarea name="comment" rows={2} maxlength={1000}></textarea>
          </label>
          <p class="muted">{t.commentHint}</p>
          <ul class="actions">
            {props.moves.map((to) => (
              <li>
                <button type="submit" name="status" value={to} class={to === 'removed' || to === 'rejected' ? 'danger' : undefined}>
                  {t.moves[to]}
                </button>
              </li>
            ))}
          </ul>
        </form>
      )}
      {props.canReview && props.moves.length === 0 && <p class="muted">{t.final}</p>}
      <h3>{t.history}</h3>
      {props.history.length === 0 ? (
        <p class="muted">{t.historyEmpty}</p>
      ) : (
        <ul class="review-history">
          {props.history.map((h) => (
            <li data-review={h.state}>
              {`${h.reviewedAt.slice(0, 16).replace('T', ' ')} · ${h.reviewer} · ${name(h.fromState)} → ${name(h.state)}`}
              {h.comment && (
                <>
                  {' · '}
                  <q>{h.comment}</q>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface RoundSubmissionRow {
  id: string;
  receivedAt: string;
  instrumentSlug: string;
  instrumentVersion: number;
  /** The instrument's title (null: a version no longer released, shown by its slug). */
  instrumentVi: string | null;
  instrumentEn: string | null;
  synthetic: boolean;
  reviewState: ReviewState;
  communeVi: string;
  communeEn: string;
  evaluator: string;
}

export interface RoundSubmissionsProps {
  ctx: PageContext;
  roundId: string;
  rows: RoundSubmissionRow[];
  page: number;
  pageCount: number;
  /** The state listed, or every one but removed. */
  status: ReviewState | 'all';
  /** How many of the reader's submissions of the round are in each state. */
  counts: Record<ReviewState, number>;
  /** Whether the reader reviews this round's submissions (checkboxes and the bulk approve button). */
  canReview: boolean;
  notice?: string;
  errors?: FieldError[];
}

/** The round's submissions by state: a filter with the count of each, the list, and bulk approve for reviewers. */
export function RoundSubmissions(props: RoundSubmissionsProps) {
  const { ctx, counts } = props;
  const all = messages[ctx.locale];
  const t = all.review;
  const names = reviewStateNames[ctx.locale];
  const base = `/rounds/${props.roundId}`;
  const query = props.status === 'all' ? '' : `status=${props.status}`;
  const filterLink = (status: ReviewState | 'all', label: string, n: number) => {
    const href = status === 'all' ? base : `${base}?status=${status}`;
    return (
      <a href={href} hx-get={href} hx-target="#submissions" hx-select="#submissions" hx-swap="outerHTML" hx-push-url="true" aria-current={props.status === status ? 'true' : undefined} data-filter={status}>
        {label} <span class="count">({n})</span>
      </a>
    );
  };
  const notRemoved = reviewStates.filter((s) => s !== 'removed').reduce((n, s) => n + counts[s], 0);
  const action = `${base}/approve`;
  const approvable = props.canReview && props.rows.some((r) => r.reviewState === 'received' || r.reviewState === 'has_issues');
  const table = (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            {approvable && (
              <th>
                <input type="checkbox" data-select-all="ids" hidden aria-label={t.selectAll} />
              </th>
            )}
            <th>{all.receivedAt}</th>
            <th>{t.state}</th>
            <th>{all.commune}</th>
            <th>{all.instrument}</th>
            <th>{all.evaluator}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((s) => (
            <tr data-submission={s.id}>
              {approvable && (
                <td>
                  {(s.reviewState === 'received' || s.reviewState === 'has_issues') && (
                    <input type="checkbox" name="ids" value={s.id} aria-label={t.select.replace('{id}', s.id.slice(0, 8))} />
                  )}
                </td>
              )}
              <td>
                <a href={`/submissions/${s.id}`}>{formatDateTime(s.receivedAt, ctx.locale)}</a>
                {s.synthetic && <span class="tag">{all.synthetic}</span>}
              </td>
              <td>
                <ReviewStateTag ctx={ctx} state={s.reviewState} />
              </td>
              <td>{localName({ nameVi: s.communeVi, nameEn: s.communeEn }, ctx.locale)}</td>
              <td>
                {instrumentName({ titleVi: s.instrumentVi ?? s.instrumentSlug, titleEn: s.instrumentEn ?? s.instrumentSlug, version: s.instrumentVersion }, ctx.locale)}
              </td>
              <td>{s.evaluator}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div id="submissions">
      <nav class="filters" aria-label={t.filter}>
        {filterLink('all', t.all, notRemoved)}
        {reviewStates.map((s) => filterLink(s, names[s], counts[s]))}
      </nav>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.errors && props.errors.length > 0 && <Refusal title={t.refused} errors={props.errors} />}
      {props.rows.length === 0 ? (
        <p>{all.noSubmissions}</p>
      ) : approvable ? (
        <form method="post" action={action} hx-post={action} hx-target="#submissions" hx-swap="outerHTML" class="stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="status" value={props.status} />
          {table}
          <button type="submit">{t.bulkApprove}</button>
        </form>
      ) : (
        table
      )}
      <Pager t={all} base={base} query={query} page={props.page} pageCount={props.pageCount} target="#submissions" />
    </div>
  );
}

/** How many of the round's submissions have been reviewed, of those received (every state but removed). */
export function ReviewProgress(props: { ctx: PageContext; counts: Record<ReviewState, number> }) {
  const { ctx, counts } = props;
  const all = messages[ctx.locale];
  const reviewed = counts.approved + counts.has_issues + counts.rejected;
  const of = reviewed + counts.received;
  return (
    <>
      <p id="review-progress">
        {all.review.progress.replace('{reviewed}', String(reviewed)).replace('{of}', String(of))} <Progress t={all} received={reviewed} planned={of} />
      </p>
      <p class="muted">{all.review.progressNote}</p>
    </>
  );
}

/**
 * The switch between what indicator figures count, as a field of an indicator page's filter form (so that it
 * keeps the other filters, and htmx swaps the figures on change): for those who may switch (managers, admins);
 * nothing for the others, whose figures count approved submissions only (CountedNote says so).
 */
export function CountedField(props: { ctx: PageContext; counted: Basis; canSwitchCounted: boolean }) {
  if (!props.canSwitchCounted) return null;
  const t = messages[props.ctx.locale].review;
  return (
    <label>
      {t.countedLabel}
      <select name="counted" data-counted-switch="">
        <option value="received" selected={props.counted === 'received'}>
          {t.countedReceived}
        </option>
        <option value="approved" selected={props.counted === 'approved'}>
          {t.countedApproved}
        </option>
      </select>
    </label>
  );
}

/** Which submissions the figures shown count, inside the part htmx swaps: "Showing: Approved only", or the sponsors' note. */
export function CountedNote(props: { ctx: PageContext; counted: Basis; canSwitchCounted: boolean }) {
  const t = messages[props.ctx.locale].review;
  const which = props.counted === 'received' ? t.countedReceived : t.countedApproved;
  return (
    <p class={props.canSwitchCounted ? 'muted' : 'note'} data-counted={props.counted}>
      {props.canSwitchCounted ? t.countedShown.replace('{which}', which) : t.sponsorCounted}
    </p>
  );
}
