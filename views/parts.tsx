import type { RoundKind as RoundKindName } from '../src/domain/rounds';
/** Small pieces shared by several pages. */
import { type Messages } from '../src/domain/i18n';

/** What pages show of a round. */
export interface RoundSummary {
  id: string;
  kind: RoundKindName;
  status: 'open' | 'closed';
  plannedStart: string;
  plannedEnd: string;
  plannedSample: number;
}

export function RoundKind(props: { t: Messages; kind: RoundKindName }) {
  return <span class={`kind kind-${props.kind}`}>{props.t[props.kind]}</span>;
}

export function RoundStatus(props: { t: Messages; status: 'open' | 'closed' }) {
  return <span class={`status status-${props.status}`}>{props.t[props.status]}</span>;
}

/** "received / planned" with a bar that is readable without colour. */
export function Progress(props: { received: number; planned: number; t: Messages }) {
  const pct = props.planned > 0 ? Math.min(100, Math.round((props.received / props.planned) * 100)) : 0;
  return (
    <span class="progress" title={`${props.t.received} / ${props.t.planned}`}>
      {/* An SVG's width attribute, not a style attribute: the CSP allows no inline style. */}
      <svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">
        <rect width={pct} height="1" />
      </svg>
      <span>
        {props.received} / {props.planned}
      </span>
    </span>
  );
}

/** Previous/next links that htmx swaps into `target` without a full reload. */
export function Pager(props: { t: Messages; base: string; page: number; pageCount: number; target: string; /** Other query parameters to keep, e.g. `status=approved`. */ query?: string }) {
  const href = (page: number) => `${props.base}?${props.query ? `${props.query}&` : ''}page=${page}`;
  const link = (page: number, label: string, rel: string) => (
    <a href={href(page)} hx-get={href(page)} hx-target={props.target} hx-select={props.target} hx-swap="outerHTML" hx-push-url="true" rel={rel}>
      {label}
    </a>
  );
  return (
    <nav class="pager" aria-label={props.t.page}>
      {props.page > 1 ? link(props.page - 1, `← ${props.t.previous}`, 'prev') : <span />}
      <span>
        {props.t.page} {props.page} / {Math.max(1, props.pageCount)}
      </span>
      {props.page < props.pageCount ? link(props.page + 1, `${props.t.next} →`, 'next') : <span />}
    </nav>
  );
}

/** Why a form was refused: a heading and each field's message (the 422 of the forms that set things up). */
export function Refusal(props: { title: string; errors: { message: string }[] }) {
  return (
    <div class="alert" role="alert">
      <p>{props.title}</p>
      <ul>
        {props.errors.map((e) => (
          <li>{e.message}</li>
        ))}
      </ul>
    </div>
  );
}
