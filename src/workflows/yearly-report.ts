/**
 * The yearly programme report (domain/yearly-report.ts): who asks → the programme → the year → the models the
 * reader reports on → their rounds, places, figures and kept sums → assembled. The page, the API and the XLSX
 * read it from here. Values are never suppressed: only readers who see every value get the report (access.ts
 * `report.yearly`; a reader who would see them suppressed is refused here as well, should the table change).
 */
import { may, modelsInYearlyReport, refusal } from '../domain/access';
import { dateInVietnam } from '../domain/calendar';
import { AppError } from '../domain/errors';
import { indicatorCatalogue } from '../domain/indicators';
import type { Basis } from '../domain/review';
import { checkReportYear, reportYears, roundsOfYear, type YearlyReport, yearlyReport } from '../domain/yearly-report';
import { figuresOfRounds } from '../queries/aggregates';
import { listModels, placesOfModels } from '../queries/models';
import { loadPlaceGraph } from '../queries/places';
import { programmeRowById } from '../queries/programmes';
import { roundsOfModels } from '../queries/rounds';
import { targetsOfModels } from '../queries/targets';
import { dataAsOf } from '../queries/summary';
import type { ExportCtx } from './exports';
import { totalsKey, totalsOfRounds } from './indicators';
import { suppressionOf } from './shown';

/** As an export's (the reader, the clock, the small-count threshold), with the submissions counted. */
export type ReportCtx = Omit<ExportCtx, 'xlsx'> & { basis: Basis };

/** The report with when it was made and how new its data is, and the years the reader may pick. */
export interface YearlyReportView {
  report: YearlyReport;
  years: number[];
  generatedAt: string;
  dataAsOf: string | null;
  basis: Basis;
}

/**
 * A programme's report for `rawYear` (`?year=`; without one, the latest year of its period so far).
 * 403 for a role that never sees the report, 404 for an unknown programme or one without a model the reader
 * reports on, 422 naming `year` for a year outside the programme's period.
 */
export async function programmeYearlyReport(ctx: ReportCtx, programmeId: string, rawYear: string | undefined): Promise<YearlyReportView> {
  const { db, actor, scope } = ctx;
  if (!may(actor, 'report.yearly') || suppressionOf(actor, ctx.threshold) !== null) throw new AppError('forbidden');
  const programme = await programmeRowById(db, programmeId);
  const models = programme ? modelsInYearlyReport(actor, scope, (await listModels(db, scope)).filter((m) => m.programmeId === programme.id)) : [];
  if (!programme || models.length === 0) throw new AppError(refusal(actor, 'report.yearly'));
  const check = checkReportYear(rawYear, programme, dateInVietnam(ctx.now), ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const modelIds = models.map((m) => m.id);
  const [rounds, places, graph, targets] = await Promise.all([roundsOfModels(db, modelIds), placesOfModels(db, modelIds), loadPlaceGraph(db), targetsOfModels(db, modelIds)]);
  const ofYear = roundsOfYear(rounds, check.year).map((r) => r.id);
  const [totals, figures, asOf] = await Promise.all([
    totalsOfRounds(db, ofYear, ctx.basis, 'all', { kind: 'commune' }),
    figuresOfRounds(db, ofYear),
    dataAsOf(db, ofYear, ctx.basis),
  ]);
  const report = yearlyReport({
    programme: { id: programme.id, nameVi: programme.nameVi, nameEn: programme.nameEn, periodStart: programme.periodStart, periodEnd: programme.periodEnd, provinceVi: programme.provinceVi, provinceEn: programme.provinceEn },
    year: check.year,
    models,
    rounds,
    places: places.map((p) => ({ modelId: p.modelId, placeId: p.id, role: p.role })),
    graph,
    figures: figures.flatMap((f) => Object.entries(f.figures).map(([figure, value]) => ({ roundId: f.roundId, communeId: f.communeId, figure, value }))),
    totalsOf: (indicatorId, roundId, communeId) => totals.get(totalsKey(indicatorId, roundId, '', String(communeId))),
    targets,
    catalogue: indicatorCatalogue,
  });
  return { report, years: reportYears(programme), generatedAt: ctx.now.toISOString(), dataAsOf: asOf, basis: ctx.basis };
}
