import { RoundStatusSection, type RoundStatusProps } from './round-status';
import { AssignmentsSection, type AssignmentsProps } from './assignments';
import { RoundInstrumentsSection, type RoundInstrumentsProps } from './round-instruments';
import { localName, messages } from '../src/domain/i18n';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Progress, RoundKind, RoundStatus, type RoundSummary } from './parts';
import { ReviewProgress, RoundSubmissions, type RoundSubmissionsProps } from './review';
import { formatDateRange } from '../src/domain/format';
import { type ExportLink, ExportLinks } from './exports';

export interface RoundView extends RoundSummary {
  model: { id: string; nameVi: string; nameEn: string };
  instruments: { slug: string; version: number; title: string }[];
}

export function RoundPage(props: {
  ctx: PageContext;
  round: RoundView;
  received: number;
  canSubmit: boolean;
  /** Whether the reader enters this round's registered counts (src/domain/access.ts: counts.enter). */
  canEnterCounts: boolean;
  /** The round's submissions by state (views/review.tsx), null for those who read aggregates only. */
  submissions: RoundSubmissionsProps | null;
  progress: RoundProgress;
  assignments?: AssignmentsProps | null;
  status?: RoundStatusProps | null;
  /** Pinning instrument versions, for those who run the model. */
  pinning?: RoundInstrumentsProps | null;
  /** Downloads of the round's submissions, for those who may export them (src/workflows/exports.ts). */
  exports?: ExportLink[];
}) {
  const { ctx, round } = props;
  const t = messages[ctx.locale];
  const modelName = localName(round.model, ctx.locale);
  return (
    <Layout ctx={ctx} title={`${modelName} · ${t[round.kind]}`}>
      <Breadcrumbs items={[{ href: '/models', label: t.models }, { href: `/models/${round.model.id}`, label: modelName }, { label: t[round.kind] }]} />
      <h1>
        <RoundKind t={t} kind={round.kind} /> <RoundStatus t={t} status={round.status} />
      </h1>
      <p>
        <span class="muted">{formatDateRange(round.plannedStart, round.plannedEnd, ctx.locale)}</span>{' '}
        <Progress t={t} received={props.received} planned={round.plannedSample} />
      </p>
      {props.submissions && <ReviewProgress ctx={ctx} counts={props.submissions.counts} />}
      <ProgressTables ctx={ctx} progress={props.progress} />
      {props.canEnterCounts && (
        <p>
          <a class="button" href={`/rounds/${round.id}/counts`}>
            {t.counts.link}
          </a>
        </p>
      )}
      {props.canSubmit && round.status === 'open' && (
        <section class="card">
          <h2>{t.fillSurvey}</h2>
          <ul class="actions">
            {round.instruments.map((i) => (
              <li>
                <a class="button" href={`/rounds/${round.id}/survey/${i.slug}`}>
                  {i.title} <small>v{i.version}</small>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.status && <RoundStatusSection {...props.status} />}
      {props.pinning && <RoundInstrumentsSection {...props.pinning} />}
      {props.assignments && <AssignmentsSection {...props.assignments} />}
      <ExportLinks ctx={ctx} links={props.exports ?? []} />
      {props.submissions ? (
        <section class="card">
          <h2>{t.submissions}</h2>
          <RoundSubmissions {...props.submissions} />
        </section>
      ) : (
        <p class="note">{t.aggregatesOnly}</p>
      )}
    </Layout>
  );
}

export interface RoundProgress {
  /** The communes the reader follows: all of the round's, or an evaluator's own. */
  byCommune: { code: string; nameVi: string; nameEn: string; received: number }[];
  /** The planned sample's share of each of the round's communes. */
  perCommune: number;
  /** null for readers who see aggregates only. */
  byEvaluator: { evaluator: string; received: number }[] | null;
}

/** Received against planned per commune (the planned sample shared equally), and per evaluator. */
function ProgressTables(props: { ctx: PageContext; progress: RoundProgress }) {
  const { ctx, progress } = props;
  const t = messages[ctx.locale];
  if (progress.byCommune.length === 0) return null;
  const { perCommune } = progress;
  return (
    <section class="card" id="progress">
      <h2>{t.progress.byCommune}</h2>
      <ul class="rounds">
        {progress.byCommune.map((c) => (
          <li data-commune={c.code}>
            {localName(c, ctx.locale)} <Progress t={t} received={c.received} planned={perCommune} />
          </li>
        ))}
      </ul>
      {progress.byEvaluator && progress.byEvaluator.length > 0 && (
        <>
          <h3>{t.progress.byEvaluator}</h3>
          <ul class="rounds">
            {progress.byEvaluator.map((e) => (
              <li data-evaluator={e.evaluator}>
                {e.evaluator}: <strong>{e.received}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
