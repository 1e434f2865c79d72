import { countField, countsFields, type CountsProblem, earliestAsOf, type EnteredCount, maxSourceLength, registeredFigures } from '../src/domain/registered-counts';
import { localName, messages } from '../src/domain/i18n';
import type { StoredCount } from '../src/queries/registered-counts';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { RoundKind, type RoundSummary } from './parts';
import { formatDate, formatNumber } from '../src/domain/format';

export interface Commune {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
}

export interface CountsSheetProps {
  ctx: PageContext;
  roundId: string;
  communes: Commune[];
  stored: StoredCount[];
  today: string;
  /** The form as posted, shown back with its problems when it was refused. */
  refused?: { form: Record<string, unknown>; problems: Record<string, CountsProblem> };
  saved?: { count: number; keptOut: EnteredCount[] };
}

export function CountsPage(props: CountsSheetProps & { round: RoundSummary; model: { id: string; nameVi: string; nameEn: string } }) {
  const { ctx, round } = props;
  const t = messages[ctx.locale];
  const modelName = localName(props.model, ctx.locale);
  return (
    <Layout ctx={ctx} title={`${t.counts.title} · ${modelName}`}>
      <Breadcrumbs items={[{ href: '/models', label: t.models }, { href: `/models/${props.model.id}`, label: modelName }, { href: `/rounds/${round.id}`, label: t[round.kind] }, { label: t.counts.title }]} />
      <h1>
        {t.counts.title} <small><RoundKind t={t} kind={round.kind} /></small>
      </h1>
      <p class="note">{t.counts.intro}</p>
      <CountsSheet {...props} />
    </Layout>
  );
}

/**
 * The stored figures and the entry form in one section, which htmx replaces with the server's answer
 * (outerHTML, so its id stays unique); without JavaScript the whole page comes back.
 */
export function CountsSheet(props: CountsSheetProps) {
  const { ctx, refused, saved } = props;
  const t = messages[ctx.locale].counts;
  const problems = refused?.problems ?? {};
  const typed = (name: string) => {
    const value = refused?.form[name];
    return typeof value === 'string' ? value : '';
  };
  const action = `/rounds/${props.roundId}/counts`;
  return (
    <section id="counts" aria-live="polite">
      {refused && <p class="alert" role="alert">{t.notSaved}</p>}
      {saved && <Saved ctx={ctx} communes={props.communes} saved={saved} />}
      {/* Counts are plain text fields and the browser does not validate: a number field would send "1.234" as
          blank, and the server's messages come in the reader's language. */}
      <form method="post" action={action} hx-post={action} hx-target="#counts" hx-swap="outerHTML show:top" class="counts" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <Problem ctx={ctx} name={countsFields.entry} problems={problems} />
        <div class="card stack">
          <label>
            {t.source}
            <input name={countsFields.source} value={typed(countsFields.source)} maxlength={maxSourceLength} placeholder={t.sourceHint} required {...invalid(countsFields.source, problems)} />
            <Problem ctx={ctx} name={countsFields.source} problems={problems} />
          </label>
          <label>
            {t.asOf}
            <input type="date" name={countsFields.asOf} value={typed(countsFields.asOf)} min={earliestAsOf} max={props.today} required {...invalid(countsFields.asOf, problems)} />
            <Problem ctx={ctx} name={countsFields.asOf} problems={problems} />
          </label>
        </div>
        {props.communes.map((commune) => (
          <CommuneCounts ctx={ctx} commune={commune} stored={props.stored.filter((s) => s.communeId === commune.id)} typed={refused ? typed : undefined} problems={problems} />
        ))}
        <button type="submit">{t.save}</button>
      </form>
    </section>
  );
}

function CommuneCounts(props: { ctx: PageContext; commune: Commune; stored: StoredCount[]; typed?: (name: string) => string; problems: Record<string, CountsProblem> }) {
  const { ctx, commune } = props;
  return (
    <fieldset class="card" data-commune={commune.code}>
      <legend>{localName(commune, ctx.locale)}</legend>
      <table class="counts-table">
        <tbody>
          {registeredFigures.map((figure) => {
            const name = countField(commune.code, figure.id);
            const stored = props.stored.find((s) => s.figure === figure.id);
            return (
              <tr data-figure={figure.id}>
                <td>
                  <label for={name}>{localName(figure, ctx.locale)}</label>
                  <Provenance ctx={ctx} stored={stored} />
                  <Problem ctx={ctx} name={name} problems={props.problems} />
                </td>
                <td>
                  <input id={name} name={name} inputmode="numeric" autocomplete="off" size={8} value={props.typed ? props.typed(name) : (stored?.value ?? '')} {...invalid(name, props.problems)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

/** The stored value and where it came from: a commune checklist, or the person who entered it and their source. */
function Provenance(props: { ctx: PageContext; stored: StoredCount | undefined }) {
  const t = messages[props.ctx.locale].counts;
  const { stored } = props;
  if (!stored) return <small class="provenance" data-current="">{`${t.current}: ${t.none}`}</small>;
  const origin = stored.submissionId ? (
    <a href={`/submissions/${stored.submissionId}`}>{t.fromChecklist}</a>
  ) : (
    `${stored.source} · ${t.enteredBy.replace('{name}', stored.enteredBy ?? '?')}`
  );
  return (
    <small class="provenance" data-current={stored.value} data-as-of={stored.asOf}>
      {t.current}: <strong>{formatNumber(stored.value, props.ctx.locale)}</strong> · {t.on.replace('{date}', formatDate(stored.asOf, props.ctx.locale))} · {origin}
    </small>
  );
}

function Saved(props: { ctx: PageContext; communes: Commune[]; saved: { count: number; keptOut: EnteredCount[] } }) {
  const { ctx, saved } = props;
  const t = messages[ctx.locale].counts;
  const communeName = (id: number) => localName(props.communes.find((c) => c.id === id)!, ctx.locale);
  const figureName = (id: string) => localName(registeredFigures.find((f) => f.id === id)!, ctx.locale);
  return (
    <div class="status-line" role="status" data-saved={saved.count}>
      <p>{t.saved.replace('{n}', String(saved.count))}</p>
      {saved.keptOut.length > 0 && (
        <>
          <p>{t.keptLater}</p>
          <ul data-kept-out>
            {saved.keptOut.map((v) => (
              <li>{`${communeName(v.communeId)} – ${figureName(v.figure)}: ${v.value}`}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Problem(props: { ctx: PageContext; name: string; problems: Record<string, CountsProblem> }) {
  const problem = props.problems[props.name];
  if (!problem) return null;
  return (
    <span class="error" id={`${props.name}-problem`} data-problem={problem}>
      {messages[props.ctx.locale].counts.problems[problem]}
    </span>
  );
}

const invalid = (name: string, problems: Record<string, CountsProblem>) => (problems[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-problem` } : {});
