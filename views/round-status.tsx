import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import type { PageContext } from './layout';
import { formatDateTime } from '../src/domain/format';

export interface RoundStatusProps {
  ctx: PageContext;
  roundId: string;
  status: 'open' | 'closed';
  /** Who may close it, and who may reopen it (admins). */
  canClose: boolean;
  canReopen: boolean;
  /** Before closing: the communes still short of their planned sample. */
  confirm?: { code: string; nameVi: string; nameEn: string; received: number; planned: number }[];
  /** Before closing: how many submissions still wait for review (received). */
  unreviewed?: number;
  changes: { status: 'open' | 'closed'; reason: string | null; changedAt: string; by: string }[];
  errors?: FieldError[];
}

/**
 * Opening and closing a round. Closing asks first, showing what is still to collect; reopening asks why.
 * htmx replaces the section with the server's answer (outerHTML); without JavaScript the round page comes back.
 */
export function RoundStatusSection(props: RoundStatusProps) {
  const { ctx } = props;
  const t = messages[ctx.locale].roundStatus;
  const action = `/rounds/${props.roundId}/status`;
  const form = (children: unknown) => (
    <form method="post" action={action} hx-post={action} hx-target="#round-status" hx-swap="outerHTML" class="stack">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {children}
    </form>
  );
  return (
    <section id="round-status" class="card" aria-live="polite">
      <h2>{t.title}</h2>
      {props.errors && props.errors.length > 0 && (
        <p class="alert" role="alert">
          {props.errors.map((e) => e.message).join(' ')}
        </p>
      )}
      {props.status === 'open' && props.canClose && !props.confirm &&
        form(
          <>
            <input type="hidden" name="status" value="closed" />
            <button type="submit">{t.close}</button>
          </>,
        )}
      {props.confirm &&
        form(
          <>
            <p>{props.confirm.length === 0 ? t.allCollected : t.stillToCollect}</p>
            {props.confirm.length > 0 && (
              <ul>
                {props.confirm.map((c) => (
                  <li>{t.short.replace('{commune}', localName(c, ctx.locale)).replace('{received}', String(c.received)).replace('{planned}', String(c.planned))}</li>
                ))}
              </ul>
            )}
            {props.unreviewed !== undefined && (
              <p data-unreviewed={props.unreviewed}>{props.unreviewed === 0 ? messages[ctx.locale].review.allReviewed : messages[ctx.locale].review.unreviewed.replace('{n}', String(props.unreviewed))}</p>
            )}
            <p class="note">{t.closedMeans}</p>
            <input type="hidden" name="status" value="closed" />
            <input type="hidden" name="confirm" value="1" />
            <button type="submit" class="danger">{t.confirmClose}</button>
          </>,
        )}
      {props.status === 'closed' && props.canReopen &&
        form(
          <>
            <input type="hidden" name="status" value="open" />
            <label>
              {t.reason}
              <textarea name="reason" rows={2} maxlength={500} required></textarea>
            </label>
            <button type="submit">{t.reopen}</button>
          </>,
        )}
      {props.changes.length > 0 && (
        <ul class="muted">
          {props.changes.map((c) => (
            <li>{`${formatDateTime(c.changedAt, ctx.locale)} · ${c.by} · ${c.status === 'open' ? t.opened : t.closed}${c.reason ? ` · ${c.reason}` : ''}`}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
