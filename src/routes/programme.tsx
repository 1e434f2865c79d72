import { type Context, Hono } from 'hono';
import { Overview, ProgrammePage } from '../../views/programme';
import { canSeeIndicators, canSeeYearlyReports, canSwitchCounted, countedBasis } from '../domain/access';
import { AppError } from '../domain/errors';
import { dateInVietnam } from '../domain/calendar';
import { indicatorCatalogue } from '../domain/indicators';
import { localName, messages } from '../domain/i18n';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { filterOptionsOf } from '../domain/model-filter';
import { listModels } from '../queries/models';
import { programmesFor } from '../workflows/programmes';
import { keyIndicators, overviewFilterFrom, programmeOverview } from '../workflows/overview';
import { programmeRollUp, rollUpFilterFrom } from '../workflows/rollup';
import { programmeSummaryLinks } from '../workflows/summary';
import { RollUpPage, RollUpTable } from '../../views/rollup';

/** The overview's links to the yearly report of each programme the reader reports on. */
async function yearlyReportLinks(c: Context<AppEnv>) {
  const actor = requireActor(c);
  if (!canSeeYearlyReports(actor)) return [];
  const locale = c.get('locale');
  const programmes = await programmesFor({ db: c.get('deps').db, actor, scope: c.get('scope') });
  return programmes.map((p) => ({ href: `/programmes/${p.id}/report`, label: `${messages[locale].yearlyReport.link}: ${localName(p, locale)}` }));
}

/** The programme overview for managers, admins and sponsors (evaluators see no indicators). */
export function programmeRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const actor = requireActor(c);
    if (!canSeeIndicators(actor)) throw new AppError('forbidden');
    const { db, config } = c.get('deps');
    const scope = c.get('scope');
    const filter = overviewFilterFrom((name) => c.req.query(name));
    const chart = indicatorCatalogue.find((d) => d.id === c.req.query('chart')) ?? indicatorCatalogue.find((d) => d.id === keyIndicators[0])!;
    const counted = countedBasis(actor, c.req.query('counted'));
    // The models in scope, read once: the overview filters them, the filter controls list their provinces and types.
    const inScope = await listModels(db, scope);
    const rows = await programmeOverview({ db, actor, scope, threshold: config.suppressionThreshold, basis: counted, inScope }, filter, [...keyIndicators, chart.id]);
    const options = filterOptionsOf(inScope);
    const columns = keyIndicators.map((id) => indicatorCatalogue.find((d) => d.id === id)!);
    const summaries = programmeSummaryLinks(actor, scope, rows.map((r) => r.model), c.get('locale'));
    const props = { ctx: pageContext(c), rows, filter, options, chart, columns, counted, canSwitchCounted: canSwitchCounted(actor), summaries };
    // htmx asks for the overview only; a plain request gets the page.
    return c.html(c.req.header('hx-request') ? <Overview {...props} /> : <ProgrammePage {...props} reports={await yearlyReportLinks(c)} />);
  });

  routes.get('/rollup', async (c) => {
    const actor = requireActor(c);
    if (!canSeeIndicators(actor)) throw new AppError('forbidden');
    const { db, config, clock } = c.get('deps');
    const scope = c.get('scope');
    const filter = rollUpFilterFrom((name) => c.req.query(name));
    const chart = indicatorCatalogue.find((d) => d.id === c.req.query('chart')) ?? indicatorCatalogue.find((d) => d.id === keyIndicators[0])!;
    const today = dateInVietnam(clock());
    const counted = countedBasis(actor, c.req.query('counted'));
    const inScope = await listModels(db, scope);
    const rows = await programmeRollUp({ db, actor, scope, threshold: config.suppressionThreshold, today, basis: counted, inScope }, filter, [...keyIndicators, chart.id]);
    const options = filterOptionsOf(inScope);
    const columns = keyIndicators.map((id) => indicatorCatalogue.find((d) => d.id === id)!);
    const props = { ctx: pageContext(c), rows, filter, options, chart, columns, counted, canSwitchCounted: canSwitchCounted(actor) };
    return c.html(c.req.header('hx-request') ? <RollUpTable {...props} /> : <RollUpPage {...props} />);
  });

  return routes;
}
