import type { Context } from 'hono';
import type { PageContext } from '../../views/layout';
import { canListInstruments, canSeeAudit, canListUsers, canSeeIndicators, canSeeTargets, canSetUpProgrammes, collectsSurveys } from '../domain/access';
import type { AppEnv } from './env';

/**
 * What every view needs from the request: language, who is signed in, the CSRF token, the path.
 * `collecting`: the page is one where the reader sends or corrects a survey (its script needs the field queue),
 * so the field bar is there whoever they are; elsewhere only those who collect in the field get it.
 */
export function pageContext(c: Context<AppEnv>, opts: { collecting?: boolean } = {}): PageContext {
  const actor = c.get('actor') ?? null;
  return {
    locale: c.get('locale') ?? 'vi',
    actor,
    nav: { programme: actor !== null && canSeeIndicators(actor), targets: actor !== null && canSeeTargets(actor), users: actor !== null && canListUsers(actor) !== null, instruments: actor !== null && canListInstruments(actor), programmes: actor !== null && canSetUpProgrammes(actor), audit: actor !== null && canSeeAudit(actor) },
    collects: actor !== null && (collectsSurveys(actor) || opts.collecting === true),
    csrfToken: c.get('csrfToken') ?? '',
    path: new URL(c.req.url).pathname + new URL(c.req.url).search,
  };
}
