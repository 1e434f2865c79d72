import { Hono } from 'hono';
import { HomePage } from '../../views/home';
import { canCreateModels, canSeeIndicators, collectsSurveys, homeListsReviewWork, homeListsRounds, may, seesAggregatesOnly } from '../domain/access';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { keepOffline } from '../middleware/headers';
import { pageContext } from '../middleware/page';
import { openRoundsOfModels } from '../queries/home';
import { listModels } from '../queries/models';
import { programmeSummaryLinks } from '../workflows/summary';
import { roundsWithModels } from '../queries/rounds';
import { fieldNames } from '../workflows/field-names';
import { issuesShownTo } from './corrections';

export function homeRoutes() {
  const home = new Hono<AppEnv>();
  home.get('/', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const scope = c.get('scope');
    const shows = { rounds: homeListsRounds(actor), models: !homeListsRounds(actor), imports: may(actor, 'import'), aggregatesOnly: seesAggregatesOnly(actor), reviewWork: homeListsReviewWork(actor), indicators: canSeeIndicators(actor), fieldWork: collectsSurveys(actor) };
    const rounds = shows.rounds && scope.rounds !== 'all' ? await roundsWithModels(db, [...scope.rounds]) : [];
    const models = shows.models ? await listModels(db, scope) : [];
    const openRounds = shows.reviewWork ? await openRoundsOfModels(db, scope.models === 'all' ? 'all' : [...scope.models]) : [];
    const names = shows.fieldWork ? await fieldNames(db, rounds, c.get('locale')) : undefined;
    keepOffline(c); // an evaluator's home lists their rounds (no record): part of their offline kit
    return c.html(<HomePage ctx={pageContext(c)} rounds={rounds} models={models} shows={shows} openRounds={openRounds} canCreateModel={canCreateModels(actor)} issues={await issuesShownTo(c)} fieldNames={names} summaries={programmeSummaryLinks(actor, scope, models, c.get('locale'))} />);
  });
  return home;
}
