/** The access table read with plain values: `may`, `reach`, `refusal` and the named rules that wrap them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  canCreateUser,
  canListUsers,
  canSeeSubmission,
  modelPartsEditable,
  everything,
  may,
  nothing,
  ofRound,
  policy,
  programmesSeenBy,
  reach,
  refusal,
  type Role,
  type Scope,
  scopeHeldBy,
  submissionsSeenBy,
} from '../src/domain/access';

const actor = (id: number, role: Role): Actor => ({ id, role, name: role, email: `${role}@example.org` });
const admin = actor(1, 'admin');
const ha = actor(2, 'manager');
const lan = actor(3, 'evaluator');
const wv = actor(4, 'sponsor');

const haScope: Scope = { models: new Set(['hn-phu-chau']), rounds: 'all', communes: 'all' };
const wvScope: Scope = { models: new Set(['yb-service-pilot']), rounds: 'all', communes: 'all' };
/** Lan works in one commune of Mê Linh's midterm; her Phú Châu assignment names no commune. */
const lanScope: Scope = {
  models: new Set(['hn-me-linh', 'hn-phu-chau']),
  rounds: new Set(['hn-me-linh-midterm', 'hn-phu-chau-midterm']),
  communes: new Map([
    ['hn-me-linh-midterm', new Set(['09010'])],
    ['hn-phu-chau-midterm', new Set<string>()],
  ]),
};
const meLinh = { id: 'hn-me-linh-midterm', modelId: 'hn-me-linh' };
const phuChau = { id: 'hn-phu-chau-midterm', modelId: 'hn-phu-chau' };

describe('the table', () => {
  it('is the one docs/api.md shows under “Who may do what”', () => {
    const section = readFileSync('docs/api.md', 'utf8').split('## Who may do what')[1].split('\n## ')[0];
    const rows = section.split('\n').flatMap((line) => {
      const m = /^\| `([^`]+)` \| (.+) \|$/.exec(line);
      return m ? [[m[1], m[2].split(' | ')]] : [];
    });
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(policy).map(([action, row]) => [action, [row.admin, row.manager, row.evaluator, row.sponsor]])));
  });

  it('has a cell for every role in every row, from the small vocabulary', () => {
    for (const row of Object.values(policy)) {
      expect(Object.keys(row).sort()).toEqual(['admin', 'evaluator', 'manager', 'sponsor']);
      for (const cell of Object.values(row)) expect(['any', 'own-models', 'assigned', 'own', 'none']).toContain(cell);
    }
  });
});

describe('may', () => {
  it('without an object: whether the cell is anything but none', () => {
    expect(may(wv, 'submission.see')).toBe(false);
    expect(may(lan, 'submission.see')).toBe(true);
    expect(may(ha, 'round.reopen')).toBe(false);
    expect(may(admin, 'round.reopen')).toBe(true);
  });

  it('any: everywhere, whatever the scope', () => {
    expect(may(admin, 'round.close', nothing, { modelId: 'anything' })).toBe(true);
    expect(may(ha, 'user.create.evaluator', nothing, { modelId: 'anything' })).toBe(true);
  });

  it('own-models: the models of the scope and what is in them', () => {
    expect(may(ha, 'round.close', haScope, { modelId: 'hn-phu-chau' })).toBe(true);
    expect(may(ha, 'round.close', haScope, { modelId: 'yb-service-pilot' })).toBe(false);
    expect(may(wv, 'indicators.see', wvScope, { modelId: 'yb-service-pilot' })).toBe(true);
    expect(may(wv, 'indicators.see', wvScope, { modelId: 'hn-phu-chau' })).toBe(false);
    // An object naming no model is refused rather than waved through.
    expect(may(ha, 'round.close', haScope, { roundId: 'hn-phu-chau-midterm' })).toBe(false);
  });

  it('assigned: the rounds of the scope, and in them the communes named (a round without one counts as not assigned)', () => {
    expect(may(lan, 'submission.send', lanScope, ofRound(meLinh))).toBe(true);
    expect(may(lan, 'submission.send', lanScope, ofRound(meLinh, '09010'))).toBe(true);
    expect(may(lan, 'submission.send', lanScope, ofRound(meLinh, '09649'))).toBe(false);
    expect(may(lan, 'submission.send', lanScope, ofRound(phuChau))).toBe(false);
    expect(may(lan, 'round.see', lanScope, ofRound({ id: 'hn-me-linh-final', modelId: 'hn-me-linh' }))).toBe(false);
    expect(may(lan, 'model.see', lanScope, { modelId: 'hn-me-linh' })).toBe(true);
    expect(may(lan, 'model.see', lanScope, { modelId: 'hn-duc-giang' })).toBe(false);
  });

  it('own: what the actor sent, within their assigned rounds', () => {
    expect(may(lan, 'submission.see', lanScope, { ...ofRound(meLinh), evaluatorId: lan.id })).toBe(true);
    expect(may(lan, 'submission.see', lanScope, { ...ofRound(meLinh), evaluatorId: 99 })).toBe(false);
    expect(may(lan, 'submission.see', lanScope, { ...ofRound({ id: 'hn-duc-giang-midterm', modelId: 'hn-duc-giang' }), evaluatorId: lan.id })).toBe(false);
    expect(may(lan, 'import', lanScope, { evaluatorId: lan.id })).toBe(true);
  });

  it('none: never, even with every scope', () => {
    expect(may(wv, 'submission.send', everything, ofRound(phuChau))).toBe(false);
    expect(may(admin, 'offline.kit', everything, ofRound(phuChau))).toBe(false);
  });
});

describe('reach and refusal', () => {
  it('reads the cell, and refuses with 403 for a role that never may, 404 beyond a reach', () => {
    expect(reach(lan, 'submission.see')).toBe('own');
    expect(refusal(wv, 'submission.send')).toBe('forbidden');
    expect(refusal(ha, 'round.see')).toBe('not_found');
  });
});

describe('named rules over the table', () => {
  it('answer as the table says', () => {
    expect(submissionsSeenBy(lan)).toEqual({ evaluatorId: lan.id });
    expect(submissionsSeenBy(ha)).toEqual({ evaluatorId: null });
    expect(submissionsSeenBy(wv)).toBeNull();
    expect(canSeeSubmission(lan, lanScope, meLinh, { evaluatorId: lan.id })).toBe(true);
    expect(canSeeSubmission(ha, haScope, meLinh, { evaluatorId: lan.id })).toBe(false);
    expect([canCreateUser(ha, 'evaluator'), canCreateUser(ha, 'manager'), canCreateUser(admin, 'sponsor')]).toEqual([true, false, true]);
    expect([canListUsers(admin), canListUsers(ha), canListUsers(lan)]).toEqual(['all', 'evaluators', null]);
    expect(modelPartsEditable(admin)).toEqual(['names', 'type', 'programme', 'period', 'sponsor', 'communes']);
    expect(modelPartsEditable(ha)).toEqual(['names', 'period', 'communes']);
    expect(modelPartsEditable(wv)).toEqual([]);
    expect([programmesSeenBy(admin, nothing), programmesSeenBy(wv, wvScope), programmesSeenBy(lan, lanScope)]).toEqual(['all', wvScope.models, null]);
    expect([scopeHeldBy('sponsor'), scopeHeldBy('manager'), scopeHeldBy('evaluator'), scopeHeldBy('admin')]).toEqual([['models', 'programmes'], ['models', 'programmes'], [], []]);
  });
});
