import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import type { Target } from '../src/domain/targets';
import { Layout, type PageContext } from './layout';
import { formatValue } from '../src/domain/format';

interface Named {
  id: string;
  nameVi: string;
  nameEn: string;
}

export interface TargetsSectionProps {
  ctx: PageContext;
  targets: (Target & { updatedAt: string })[];
  indicators: (Named & { unit: string; direction: 'higher-is-better' | 'lower-is-better' })[];
  programmes: Named[];
  models: Named[];
  /** Whether the form is shown at all; each target's own permission is checked when it is sent. */
  canSet: boolean;
  /** The form as posted, with its messages, when it was refused. */
  refused?: { form: Record<string, unknown>; errors: FieldError[] };
  saved?: Target;
}

export function TargetsPage(props: TargetsSectionProps) {
  const t = messages[props.ctx.locale].targets;
  return (
    <Layout ctx={props.ctx} title={t.title}>
      <h1>{t.title}</h1>
      <p class="note">{t.intro}</p>
      <TargetsSection {...props} />
    </Layout>
  );
}

/** The list and the form in one section, which htmx replaces with the server's answer (outerHTML). */
export function TargetsSection(props: TargetsSectionProps) {
  const { ctx, refused } = props;
  const t = messages[ctx.locale].targets;
  const name = (list: Named[], id: string | undefined) => {
    const found = list.find((x) => x.id === id);
    return found ? localName(found, ctx.locale) : (id ?? '');
  };
  const indicator = (id: string) => props.indicators.find((d) => d.id === id);
  const typed = (field: string) => {
    const v = refused?.form[field];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  };
  const errorOf = (field: string) => refused?.errors.find((e) => e.question === field)?.message;
  const Problem = (p: { field: string }) => (errorOf(p.field) ? <span class="problem" id={`target-${p.field}-problem`}>{errorOf(p.field)}</span> : null);
  return (
    <section id="targets" aria-live="polite">
      {refused && (
        <p class="alert" role="alert">
          {t.notSaved}
        </p>
      )}
      {props.saved && <p class="saved">{t.saved.replace('{indicator}', name(props.indicators, props.saved.indicator)).replace('{year}', String(props.saved.year))}</p>}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>{t.indicator}</th>
              <th>{t.appliesTo}</th>
              <th>{t.year}</th>
              <th>{t.value}</th>
              <th>{t.baseline}</th>
              <th>{t.direction}</th>
              <th>{t.source}</th>
            </tr>
          </thead>
          <tbody>
            {props.targets.map((target) => {
              const def = indicator(target.indicator);
              const unit = def?.unit ?? '';
              return (
                <tr>
                  <td>{name(props.indicators, target.indicator)}</td>
                  <td>{target.model ? `${t.model}: ${name(props.models, target.model)}` : `${t.programme}: ${name(props.programmes, target.programme)}`}</td>
                  <td>{target.year}</td>
                  <td>{formatValue(target.value, unit, props.ctx.locale)}</td>
                  <td>{target.baseline ? `${formatValue(target.baseline.value, unit, props.ctx.locale)} (${target.baseline.year})` : '—'}</td>
                  <td>{def ? t[def.direction] : ''}</td>
                  <td>{target.source}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.canSet && (
        <form method="post" action="/targets" hx-post="/targets" hx-target="#targets" hx-swap="outerHTML" class="card stack" novalidate>
          <h2>{t.set}</h2>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <label>
            {t.indicator}
            <select name="indicator" required>
              {props.indicators.map((d) => (
                <option value={d.id} selected={typed('indicator') === d.id}>
                  {localName(d, ctx.locale)}
                </option>
              ))}
            </select>
            <Problem field="indicator" />
          </label>
          {props.programmes.length > 0 && (
            <label>
              {t.programme}
              <select name="programme">
                <option value="">{t.none}</option>
                {props.programmes.map((p) => (
                  <option value={p.id} selected={typed('programme') === p.id}>
                    {localName(p, ctx.locale)}
                  </option>
                ))}
              </select>
              <Problem field="programme" />
            </label>
          )}
          <label>
            {t.model}
            <select name="model">
              <option value="">{t.none}</option>
              {props.models.map((m) => (
                <option value={m.id} selected={typed('model') === m.id}>
                  {localName(m, ctx.locale)}
                </option>
              ))}
            </select>
            <Problem field="model" />
          </label>
          <div class="row">
            <label>
              {t.year}
              <input name="year" inputmode="numeric" value={typed('year')} required />
              <Problem field="year" />
            </label>
            <label>
              {t.value}
              <input name="value" inputmode="decimal" value={typed('value')} required />
              <Problem field="value" />
            </label>
          </div>
          <fieldset>
            <legend>{t.baselineOptional}</legend>
            <div class="row">
              <label>
                {t.value}
                <input name="baselineValue" inputmode="decimal" value={typed('baselineValue')} />
              </label>
              <label>
                {t.year}
                <input name="baselineYear" inputmode="numeric" value={typed('baselineYear')} />
              </label>
            </div>
            <Problem field="baseline" />
          </fieldset>
          <label>
            {t.source}
            <input name="source" value={typed('source')} required />
            <Problem field="source" />
          </label>
          <button type="submit">{t.save}</button>
        </form>
      )}
    </section>
  );
}
