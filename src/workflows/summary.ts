/**
 * The sponsor summary of a model or a programme (issue 15, part 1): check who may see it (access.ts
 * `summary.see`), read each model's indicators as sponsors read them (summaryReading: approved only, suppressed),
 * how recent the data is, and build the one SummaryDoc that the page and the PDF both render.
 */
import { type Actor, canSeeRound, canSeeSummary, refusal, type Scope, summaryReading } from '../domain/access';
import { AppError } from '../domain/errors';
import { type Locale, localName } from '../domain/i18n';
import { buildSummary, type SummaryDoc, type SummaryModelInput } from '../domain/summary';
import { listModels, modelById, type ModelSummary, placesOfModels } from '../queries/models';
import { programmeRowById } from '../queries/programmes';
import { plainRoundsOfModels } from '../queries/rounds';
import { dataAsOf } from '../queries/summary';
import type { ExportCtx } from './exports';
import { shownModels } from './shown';

/** Who asks, in which language and when, and the small-count threshold: as the exports take it. */
export type SummaryCtx = Omit<ExportCtx, 'xlsx'>;

/** One model's summary; 403 for roles that see none, 404 for a model beyond the reader's reach. */
export async function modelSummary(ctx: SummaryCtx, modelId: string): Promise<SummaryDoc> {
  const model = canSeeSummary(ctx.actor, ctx.scope, modelId) ? await modelById(ctx.db, modelId) : null;
  if (!model) throw new AppError(refusal(ctx.actor, 'summary.see'));
  return summaryOf(ctx, [model]);
}

/** A programme's summary: a section per model of it the reader may see; 404 when they see none of them. */
export async function programmeSummary(ctx: SummaryCtx, programmeId: string): Promise<SummaryDoc> {
  if (refusal(ctx.actor, 'summary.see') === 'forbidden') throw new AppError('forbidden');
  const programme = await programmeRowById(ctx.db, programmeId);
  const models = programme ? (await listModels(ctx.db, ctx.scope)).filter((m) => m.programmeId === programme.id && canSeeSummary(ctx.actor, ctx.scope, m.id)) : [];
  if (!programme || models.length === 0) throw new AppError('not_found');
  return summaryOf(ctx, models, programme);
}

async function summaryOf(ctx: SummaryCtx, models: ModelSummary[], programme?: { nameVi: string; nameEn: string; periodStart: string; periodEnd: string }): Promise<SummaryDoc> {
  const ids = models.map((m) => m.id);
  const [places, allRounds] = await Promise.all([placesOfModels(ctx.db, ids), plainRoundsOfModels(ctx.db, ids)]);
  const rounds = allRounds.filter((r) => canSeeRound(ctx.actor, ctx.scope, r));
  const { basis } = summaryReading;
  const suppression = { threshold: ctx.threshold };
  const [asOf, shown] = await Promise.all([
    dataAsOf(ctx.db, rounds.map((r) => r.id), basis),
    shownModels(ctx.db, models.map((model) => ({ model, rounds: rounds.filter((r) => r.modelId === model.id) })), suppression, [], basis),
  ]);
  const inputs: SummaryModelInput[] = models.map((m, i) => ({
    ...m,
    // The model's own communes: comparison communes count only in the difference in differences.
    communes: places.filter((p) => p.modelId === m.id && p.role !== 'comparison'),
    series: shown[i].series,
  }));
  return buildSummary({ locale: ctx.locale, now: ctx.now, dataAsOf: asOf, threshold: ctx.threshold, programme, models: inputs });
}

/**
 * The programme summaries to link to from a list of models (the overview, a sponsor's home): one per programme
 * holding a model the reader may summarise. Example: for World Vision → [{ href: '/programmes/yen-bai-2018-2020/summary', … }].
 */
export function programmeSummaryLinks(actor: Actor, scope: Scope, models: readonly ModelSummary[], locale: Locale): { href: string; label: string }[] {
  const seen = new Map<string, { href: string; label: string }>();
  for (const m of models) {
    if (seen.has(m.programmeId) || !canSeeSummary(actor, scope, m.id)) continue;
    seen.set(m.programmeId, { href: `/programmes/${m.programmeId}/summary`, label: localName({ nameVi: m.programmeVi, nameEn: m.programmeEn }, locale) });
  }
  return [...seen.values()];
}
