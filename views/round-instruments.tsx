import type { FieldError } from '../src/domain/errors';
import { messages } from '../src/domain/i18n';
import type { PageContext } from './layout';
import { Refusal } from './parts';

export interface RoundInstrumentsProps {
  ctx: PageContext;
  roundId: string;
  /** Each instrument: the version the round pins (null: not used) and the released versions it may move to. */
  instruments: { slug: string; title: string; pinned: number | null; versions: number[] }[];
  errors?: FieldError[];
  saved?: boolean;
}

/**
 * Pinning released instrument versions to a round (those who run its model): a newer version of one it uses, or
 * another instrument. htmx replaces the section with the server's answer; without JavaScript the round page
 * comes back.
 */
export function RoundInstrumentsSection(props: RoundInstrumentsProps) {
  const { ctx } = props;
  const t = messages[ctx.locale].instrumentsPage;
  const action = `/rounds/${props.roundId}/instruments`;
  return (
    <section id="round-instruments" class="card" aria-live="polite">
      <h2>{t.pinTitle}</h2>
      {props.errors && props.errors.length > 0 && <Refusal title={t.pinRefused} errors={props.errors} />}
      {props.saved && <p class="saved">✓</p>}
      <form method="post" action={action} hx-post={action} hx-target="#round-instruments" hx-swap="outerHTML" class="stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {props.instruments.map((i) => (
          <label>
            {i.title}
            <select name={`version:${i.slug}`}>
              {i.pinned === null && <option value="">{t.notUsed}</option>}
              {i.versions.map((v) => (
                <option value={String(v)} selected={v === i.pinned}>
                  v{v}
                </option>
              ))}
            </select>
          </label>
        ))}
        <p class="note">{t.pinNote}</p>
        <button type="submit">{t.pin}</button>
      </form>
    </section>
  );
}
