import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import type { PageContext } from './layout';
import { Refusal } from './parts';

export interface AssignmentsProps {
  ctx: PageContext;
  roundId: string;
  assignments: { email: string; name: string; communes: { code: string; nameVi: string; nameEn: string }[] }[];
  /** The round's communes, to choose from; null when the reader may not assign. */
  communes: { code: string; nameVi: string; nameEn: string }[] | null;
  refused?: { email: string; communes: string[]; errors: FieldError[] };
  saved?: string;
}

/**
 * Who collects where in the round, and for admins and the model's managers a form that sets one evaluator's
 * communes (none: no longer assigned). htmx replaces the section with the server's answer (outerHTML).
 */
export function AssignmentsSection(props: AssignmentsProps) {
  const { ctx, refused } = props;
  const t = messages[ctx.locale].assignments;
  const action = `/rounds/${props.roundId}/assignments`;
  return (
    <section id="assignments" class="card" aria-live="polite">
      <h2>{t.title}</h2>
      {refused && <Refusal title={t.notSaved} errors={refused.errors} />}
      {props.saved && <p class="saved">{t.saved.replace('{email}', props.saved)}</p>}
      {props.assignments.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul>
          {props.assignments.map((a) => (
            <li>
              <strong>{a.name}</strong> <span class="muted">{a.email}</span>: {a.communes.map((c) => localName(c, ctx.locale)).join(', ') || '—'}
            </li>
          ))}
        </ul>
      )}
      {props.communes && (
        <form method="post" action={action} hx-post={action} hx-target="#assignments" hx-swap="outerHTML" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <label>
            {t.evaluator}
            <input type="email" name="email" value={refused?.email ?? ''} required autocomplete="off" />
          </label>
          <fieldset>
            <legend>{t.communes}</legend>
            {props.communes.map((c) => (
              <label class="check">
                <input type="checkbox" name="communes" value={c.code} checked={refused?.communes.includes(c.code)} /> {localName(c, ctx.locale)} <small class="muted">{c.code}</small>
              </label>
            ))}
          </fieldset>
          <p class="note">{t.hint}</p>
          <button type="submit">{t.save}</button>
        </form>
      )}
    </section>
  );
}
