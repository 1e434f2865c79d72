/**
 * The yearly programme report (docs/api.md, Yearly programme report): GET /programmes/:id/report?year= (the page,
 * session) and /programmes/:id/report.xlsx?year=&lang= (its download), and the same under /api/v1 with a token
 * (the report as JSON, and the XLSX). A download writes one `export` audit entry before its body streams.
 */
import { type Context, Hono } from 'hono';
import { YearlyReportPage } from '../../views/yearly-report';
import { canSwitchCounted, countedBasis } from '../domain/access';
import { dateInVietnam } from '../domain/calendar';
import { AppError } from '../domain/errors';
import { fileSafe } from '../domain/exports';
import { isLocale } from '../domain/i18n';
import { reportSheets } from '../domain/yearly-report-sheets';
import { auditOf } from '../middleware/audit';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { audit } from '../queries/audit';
import { programmeYearlyReport, type YearlyReportView } from '../workflows/yearly-report';

const reportOf = (c: Context<AppEnv>) => {
  const { db, clock, config } = c.get('deps');
  const actor = requireActor(c);
  const ctx = { db, actor, scope: c.get('scope'), locale: c.get('locale'), now: clock(), threshold: config.suppressionThreshold, basis: countedBasis(actor, c.req.query('counted')) };
  return programmeYearlyReport(ctx, c.req.param('id') ?? '', c.req.query('year'));
};

/** The report as the API gives it: the indicators by id with their target, without their definitions' expressions. */
function reportJson(view: YearlyReportView) {
  const { report } = view;
  return {
    ...report,
    indicators: report.indicators.map((i) => ({ id: i.def.id, nameVi: i.def.nameVi, nameEn: i.def.nameEn, unit: i.def.unit, direction: i.def.direction, target: i.target, planned: i.planned })),
    years: view.years,
    generatedAt: view.generatedAt,
    dataAsOf: view.dataAsOf,
    counted: view.basis,
  };
}

/** A small table as the one page the XLSX writer reads. */
async function* once<T>(rows: T) {
  yield rows;
}

export function yearlyReportRoutes(via: 'api' | 'web') {
  const routes = new Hono<AppEnv>();
  routes.get('/programmes/:id/report.xlsx', async (c) => {
    const lang = c.req.query('lang');
    if (lang !== undefined && !isLocale(lang)) throw new AppError('invalid_request', [{ question: 'lang', message: c.get('locale') === 'vi' ? 'Ngôn ngữ là vi hoặc en.' : 'The language is vi or en.' }]);
    const view = await reportOf(c);
    const { xlsx, clock, db } = c.get('deps');
    if (!xlsx) throw new AppError('xlsx_unavailable');
    const locale = lang ?? c.get('locale');
    const sheets = reportSheets(view, locale).map((s) => ({ name: s.name, headers: s.headers, pages: once(s.rows) }));
    const { programme, year } = view.report;
    await audit(db, auditOf(c, 'export', { objectType: 'programme', objectId: programme.id, detail: { export: 'yearly-report', format: 'xlsx', year, lang: locale, counted: view.basis, via } }));
    return c.body(xlsx(sheets), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="moc-${fileSafe(programme.id)}-report-${year}-${dateInVietnam(clock())}.xlsx"`,
      'cache-control': 'no-store',
    });
  });
  routes.get('/programmes/:id/report', async (c) => {
    const view = await reportOf(c);
    if (via === 'api') return c.json(reportJson(view));
    const actor = requireActor(c);
    const query = new URLSearchParams({ year: String(view.report.year), ...(c.req.query('counted') ? { counted: view.basis } : {}) });
    const xlsxHref = c.get('deps').xlsx ? `/programmes/${encodeURIComponent(view.report.programme.id)}/report.xlsx?${query}` : null;
    return c.html(<YearlyReportPage ctx={pageContext(c)} view={view} xlsxHref={xlsxHref} canSwitchCounted={canSwitchCounted(actor)} />);
  });
  return routes;
}
