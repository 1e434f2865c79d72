/**
 * The programme overview: every model in reach × the key indicators, each cell the value of the chosen
 * round (or the latest round with data) against its target, as the reader may see it.
 */
import type { RoundKind } from '../domain/rounds';
import type { Db } from '../db';
import type { Basis } from '../domain/review';
import { type Actor, canSeeRound, type Scope } from '../domain/access';
import { modelsMatching } from '../domain/model-filter';
import { listModels, type ModelSummary } from '../queries/models';
import { plainRoundsOfModels } from '../queries/rounds';
import { indicatorsNamed } from './indicators';
import { shownModels, type ShownSeries, suppressionOf } from './shown';

/** The indicators the overview shows as columns, in order (every indicator can be charted). */
export const keyIndicators = ['caregivers-know-111', 'children-birth-registered', 'csc-assisted', 'abuse-reports-12h'] as const;

export type RoundChoice = 'latest' | RoundKind;

export interface OverviewFilter {
  province?: string;
  type?: string;
  round: RoundChoice;
}

export const roundChoices: readonly RoundChoice[] = ['latest', 'baseline', 'midterm', 'final'];

/** The dashboard's filters from a query string, shared by the page and the API; unknown values fall back. */
export function overviewFilterFrom(query: (name: string) => string | undefined): OverviewFilter {
  const round = query('round') as RoundChoice;
  return { province: query('province') || undefined, type: query('type') || undefined, round: roundChoices.includes(round) ? round : 'latest' };
}

export type OverviewCell = ShownSeries['values'][number] | null;

export interface OverviewRow {
  model: ModelSummary;
  cells: Record<string, { series: ShownSeries; cell: OverviewCell }>;
}

/** The chosen round's value, or for 'latest' the last round that has any. */
function pick(series: ShownSeries, round: RoundChoice): OverviewCell {
  if (round !== 'latest') return series.values.find((v) => v.kind === round) ?? null;
  return [...series.values].reverse().find((v) => v.suppressed || v.value.n > 0) ?? null;
}

/**
 * Each model's values of the indicators `shownIds` (all when absent: the page asks for its columns and chart
 * only), as the reader may see them; one read of the kept sums for every model's rounds. `inScope`: the models
 * in scope (listModels) when the caller has read them already.
 */
export async function programmeOverview(
  ctx: { db: Db; actor: Actor; scope: Scope; threshold: number; basis: Basis; inScope?: readonly ModelSummary[] },
  filter: OverviewFilter,
  shownIds?: readonly string[],
): Promise<OverviewRow[]> {
  const models = modelsMatching(ctx.inScope ?? (await listModels(ctx.db, ctx.scope)), filter);
  const rounds = (await plainRoundsOfModels(ctx.db, models.map((m) => m.id))).filter((r) => canSeeRound(ctx.actor, ctx.scope, r));
  const defs = indicatorsNamed(shownIds);
  // Readers who see aggregates only get each model's values as its own page shows them (suppressed together
  // with its breakdowns).
  const shown = await shownModels(ctx.db, models.map((model) => ({ model, rounds: rounds.filter((r) => r.modelId === model.id) })), suppressionOf(ctx.actor, ctx.threshold), [], ctx.basis, defs);
  return models.map((model, i) => {
    const cells: OverviewRow['cells'] = {};
    for (const s of shown[i].series) cells[s.def.id] = { series: s, cell: pick(s, filter.round) };
    return { model, cells };
  });
}
