import { BreakdownTable } from './breakdown';
import { type BreakdownBy, breakdownChoices } from '../src/workflows/breakdown';
import { localName, messages, type Messages } from '../src/domain/i18n';
import type { ModelSummary } from '../src/queries/models';
import type { RoundChange } from '../src/domain/estimates';
import type { ShownRound, ShownSeries } from '../src/workflows/shown';
import type { ShownDid } from '../src/workflows/did';
import { ChartKey, IndicatorBars } from './charts';
import { type ExportLink, ExportLinks } from './exports';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Progress, RoundKind, RoundStatus, type RoundSummary } from './parts';
import { CountedField, CountedNote } from './review';
import type { Basis } from '../src/domain/review';
import { formatDateRange, formatDateTime, formatNumber, formatPValue, formatValue, sampleNote, unitOf } from '../src/domain/format';
import type { IndicatorDef } from '../src/domain/indicators';
import { summaryTexts } from '../src/domain/summary-texts';

export interface ModelRound extends RoundSummary {
  received: number;
}

export interface ModelPlace {
  id: number;
  code: string;
  level: string;
  nameVi: string;
  nameEn: string;
  parentVi: string | null;
  parentEn: string | null;
  /** 'comparison' for a comparison commune (not the model's; only in the difference in differences). */
  role?: string;
}

/** The categories of each indicator when the reader asked for a breakdown (?by=), else null. */
export type Breakdown = { by: BreakdownBy; byIndicator: Map<string, { category: string; series: ShownSeries }[]> } | null;

export function ModelPage(props: {
  ctx: PageContext;
  model: ModelSummary;
  places: ModelPlace[];
  rounds: ModelRound[];
  indicators: ShownSeries[] | null;
  breakdown: Breakdown;
  /** Whether the reader runs this model's rounds (src/domain/access.ts: round.create). */
  canCreateRound?: boolean;
  /** Whether the reader may edit the model (src/domain/access.ts canEditModel). */
  canEditModel?: boolean;
  /** Which submissions the figures count (src/domain/access.ts countedBasis), and whether the reader may switch. */
  counted?: Basis;
  canSwitchCounted?: boolean;
  /** Downloads of the indicator table, for those who may export it (src/workflows/exports.ts). */
  exports?: ExportLink[];
  /** When the page was made (ISO instant), printed under the title on paper. */
  printedAt?: string;
  /** The model's sponsor summary, for those who may see it (src/domain/access.ts canSeeSummary). */
  summaryHref?: string;
  /** Per indicator, the indicative differences in differences (src/workflows/did.ts); null without comparison communes. */
  dids?: Map<string, ShownDid[]> | null;
}) {
  const { ctx, model } = props;
  const t = messages[ctx.locale];
  const name = localName(model, ctx.locale);
  return (
    <Layout ctx={ctx} title={name}>
      <Breadcrumbs items={[{ href: '/models', label: t.models }, { label: name }]} />
      <h1>{name}</h1>
      {props.printedAt && (
        <p class="print-only muted" data-printed>
          {t.appName} · {formatDateTime(props.printedAt, ctx.locale)}
        </p>
      )}
      {props.canEditModel && (
        <p>
          <a href={`/models/${model.id}/edit`}>{t.modelEntry.editLink}</a>
        </p>
      )}
      {props.summaryHref && (
        <p>
          <a href={props.summaryHref} data-summary-link>
            {summaryTexts[ctx.locale].link}
          </a>
        </p>
      )}
      <dl class="facts">
        <dt>{t.type}</dt>
        <dd>{localName({ nameVi: model.typeVi, nameEn: model.typeEn }, ctx.locale)}</dd>
        <dt>{t.province}</dt>
        <dd>{localName({ nameVi: model.provinceVi, nameEn: model.provinceEn }, ctx.locale)}</dd>
        <dt>{t.period}</dt>
        <dd>{formatDateRange(model.periodStart, model.periodEnd, ctx.locale)}</dd>
        {model.sponsor && (
          <>
            <dt>{t.sponsor}</dt>
            <dd>{model.sponsor}</dd>
          </>
        )}
        <dt>{t.communes}</dt>
        <dd>
          {props.places.map((p, i) => (
            <span>
              {i > 0 && ', '}
              {localName(p, ctx.locale)}
              {p.parentVi && ` (${localName({ nameVi: p.parentVi, nameEn: p.parentEn ?? p.parentVi }, ctx.locale)})`} <code>{p.code}</code>
              {p.role === 'comparison' && <span class="muted" data-comparison> · {t.did.comparisonCommune}</span>}
            </span>
          ))}
        </dd>
      </dl>
      <section class="card">
        <h2>{t.rounds}</h2>
        {props.canCreateRound && (
          <p>
            <a class="button" href={`/models/${model.id}/rounds/new`}>
              {t.newRound.link}
            </a>
          </p>
        )}
        <ul class="rounds">
          {props.rounds.map((r) => (
            <li>
              <a href={`/rounds/${r.id}`}>
                <RoundKind t={t} kind={r.kind} />
              </a>{' '}
              <RoundStatus t={t} status={r.status} /> <span class="muted">{formatDateRange(r.plannedStart, r.plannedEnd, ctx.locale)}</span>{' '}
              <Progress t={t} received={r.received} planned={r.plannedSample} />
            </li>
          ))}
        </ul>
      </section>
      {props.indicators && (
        <section class="card">
          <h2>{t.indicators}</h2>
          <form class="filters" method="get" action={`/models/${model.id}`} hx-get={`/models/${model.id}`} hx-target="#indicators" hx-select="#indicators" hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
            <label>
              {t.breakdown.label}
              <select name="by">
                <option value="">{t.breakdown.none}</option>
                {breakdownChoices.map((b) => (
                  <option value={b} selected={props.breakdown?.by === b}>
                    {t.breakdown[b]}
                  </option>
                ))}
              </select>
            </label>
            <CountedField ctx={ctx} counted={props.counted ?? 'received'} canSwitchCounted={props.canSwitchCounted ?? false} />
            <noscript>
              <button type="submit">{t.filter}</button>
            </noscript>
          </form>
          <IndicatorTable
            t={t}
            locale={ctx.locale}
            rounds={props.rounds}
            indicators={props.indicators}
            breakdown={props.breakdown}
            places={props.places}
            dids={props.dids ?? null}
            note={<CountedNote ctx={ctx} counted={props.counted ?? 'received'} canSwitchCounted={props.canSwitchCounted ?? false} />}
          />
        </section>
      )}
      <ExportLinks ctx={ctx} links={props.exports ?? []} />
    </Layout>
  );
}

/** One card per indicator: its rounds side by side and the target, readable at 360 px and in print. */
function IndicatorTable(props: {
  t: Messages;
  locale: 'vi' | 'en';
  rounds: ModelRound[];
  indicators: NonNullable<Parameters<typeof ModelPage>[0]['indicators']>;
  breakdown: Breakdown;
  places: ModelPlace[];
  dids: Map<string, ShownDid[]> | null;
  /** Which submissions the figures count, swapped with them. */
  note?: unknown;
}) {
  const { t, locale } = props;
  const communeNames = new Map(props.places.map((p) => [String(p.id), p]));
  return (
    <div class="indicators" id="indicators">
      {props.note}
      {/* The whiskers of every chart below, explained once. */}
      {props.indicators.some((s) => s.def.unit === '%') && <ChartKey locale={locale} />}
      {props.indicators.map((s) => {
        const unit = unitOf(s.def, locale);
        return (
        <article class="indicator" data-indicator={s.def.id}>
          <h3>
            {localName(s.def, props.locale)} <span class="muted">{s.def.direction === 'higher-is-better' ? '↑' : '↓'}</span>
          </h3>
          <dl class="series">
            {s.values.map((v, i) => (
              <div>
                <dt>
                  <RoundKind t={t} kind={props.rounds[i].kind} />
                </dt>
                <dd data-round={v.kind}>
                  <Value t={t} v={v} def={s.def} locale={locale} />
                  {v.estimate?.ci && (
                    <span class="muted ci" data-ci>
                      <br />
                      {t.estimates.ci} {formatNumber(v.estimate.ci[0], locale)}–{formatValue(v.estimate.ci[1], unit, locale)}
                    </span>
                  )}
                  {(v.estimate?.status === 'met' || v.estimate?.status === 'not-met') && (
                    <span class={`target-${v.estimate.status}`} data-status={v.estimate.status}>
                      <br />
                      {v.estimate.status === 'met' ? t.estimates.met : t.estimates.notMet}
                      {v.estimate.offTrack && ` · ${t.estimates.offTrack}`}
                    </span>
                  )}
                </dd>
              </div>
            ))}
            <div>
              <dt>{t.target}</dt>
              <dd data-target>{s.target ? `${s.def.direction === 'higher-is-better' ? '≥' : '≤'} ${formatValue(s.target.value, unit, locale)} (${s.target.year})` : '—'}</dd>
            </div>
          </dl>
          {s.def.unit === '%' && (
            <IndicatorBars
              title={localName(s.def, props.locale)}
              unit={unit}
              locale={locale}
              max={100}
              target={s.target?.value ?? null}
              legend={false}
              bars={s.values.map((v) => {
                const label = t[v.kind as 'baseline' | 'midterm' | 'final'];
                if (v.suppressed) return { label, value: null, ci: null, status: 'no-data' as const, note: t.suppressed };
                return { label, value: v.value.value, ci: v.estimate.ci, status: v.estimate.status, note: v.value.value === null ? t.noData : sampleNote(s.def, v.value, locale) };
              })}
            />
          )}
          {props.breakdown && (
            <BreakdownTable t={t} locale={props.locale} by={props.breakdown.by} categories={props.breakdown.byIndicator.get(s.def.id)} communeNames={communeNames} def={s.def} />
          )}
          {s.changes.length > 0 && (
            <ul class="changes">
              {s.changes.map((c) => (
                <li data-change={`${c.from}-${c.to}`} data-verdict={c.verdict}>
                  <RoundKind t={t} kind={c.from as ModelRound['kind']} /> → <RoundKind t={t} kind={c.to as ModelRound['kind']} />: {changeInWords(t, c, locale)}{' '}
                  <span class="muted">
                    ({t.estimates.ci} {formatNumber(c.ci[0], locale)} – {formatNumber(c.ci[1], locale)}, {formatPValue(c.pValue, locale)})
                  </span>
                </li>
              ))}
            </ul>
          )}
          <DidList t={t} locale={locale} dids={props.dids?.get(s.def.id) ?? []} />
        </article>
        );
      })}
    </div>
  );
}

function Value(props: { t: Messages; v: ShownRound; def: IndicatorDef; locale: 'vi' | 'en' }) {
  const { t } = props;
  if (props.v.suppressed) return <span class="muted">{t.suppressed}</span>;
  const v = props.v.value;
  if (v.value === null) return <span class="muted">{t.noData}</span>;
  return (
    <span>
      <strong class="value">{formatValue(v.value, unitOf(props.def, props.locale), props.locale)}</strong>
      <br />
      <span class="muted" data-n={v.n}>
        {sampleNote(props.def, v, props.locale)}
      </span>
    </span>
  );
}

/** The indicative differences in differences of one indicator: value, interval, p and a sentence from the same statistic. */
function DidList(props: { t: Messages; locale: 'vi' | 'en'; dids: ShownDid[] }) {
  const { t, locale } = props;
  if (props.dids.length === 0) return null;
  return (
    <section class="did" data-did>
      <h4>{t.did.title}</h4>
      <ul class="changes">
        {props.dids.map((d) => (
          <li data-did-pair={`${d.from}-${d.to}`} data-verdict={d.suppressed ? 'suppressed' : d.verdict}>
            <RoundKind t={t} kind={d.from as ModelRound['kind']} /> → <RoundKind t={t} kind={d.to as ModelRound['kind']} />:{' '}
            {d.suppressed ? (
              <span class="muted">{t.suppressed}</span>
            ) : (
              <>
                <strong>{`${d.difference > 0 ? '+' : ''}${formatNumber(d.difference, locale)}`}</strong>{' '}
                <span class="muted">
                  ({t.estimates.ci} {formatNumber(d.ci[0], locale)} – {formatNumber(d.ci[1], locale)}, {formatPValue(d.pValue, locale)})
                </span>{' '}
                {didInWords(t, d, locale)}
              </>
            )}
          </li>
        ))}
      </ul>
      <p class="note">{t.did.note}</p>
    </section>
  );
}

function didInWords(t: Messages, d: { difference: number; verdict: RoundChange['verdict'] }, locale: 'vi' | 'en'): string {
  const points = formatNumber(Math.abs(d.difference), locale);
  if (d.verdict === 'up-likely-real') return t.did.up.replace('{d}', points);
  if (d.verdict === 'down-likely-real') return t.did.down.replace('{d}', points);
  return t.did.same.replace('{d}', `${d.difference > 0 ? '+' : ''}${formatNumber(d.difference, locale)}`);
}

function changeInWords(t: Messages, c: RoundChange, locale: 'vi' | 'en'): string {
  const points = formatNumber(Math.abs(c.difference), locale);
  if (c.verdict === 'up-likely-real') return t.estimates.up.replace('{d}', points);
  if (c.verdict === 'down-likely-real') return t.estimates.down.replace('{d}', points);
  return t.estimates.same.replace('{d}', `${c.difference > 0 ? '+' : ''}${formatNumber(c.difference, locale)}`);
}
