/**
 * An indicator's `version` names what it means: kept sums are stored under it, and the catalogue's signature
 * (domain/aggregates.ts catalogueSignature, made of ids and versions) is what makes the start rebuild them. A
 * definition changed under the same version would leave the sums of earlier submissions counted the old way
 * beside new ones counted the new way, and exports would show one version for two meanings. This test makes
 * the bump happen: it fingerprints what gives each indicator its value and compares it with `recorded` below.
 *
 * Covered: each definition's shape, instrument, unit of analysis, numerator and denominator.
 * Not covered (a change there that changes values needs the same bumps): the code that turns a submission into
 * terms and categories (domain/aggregates.ts, domain/disaggregation.ts) and an instrument version's renamed
 * questions. Names, units, decimals and direction change how a value is shown or judged, not the value.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { indicatorCatalogue } from '../src/domain/indicator-catalogue';
import type { IndicatorDef } from '../src/domain/indicators';

/** `id@version` → fingerprint, recorded when the version was made. Add a line when a version is bumped; never edit one. */
const recorded: Record<string, string> = {
  'caregivers-know-111@1': '3625661236dd70ac',
  'caregivers-would-report@1': '3e94c19bca3c39d8',
  'caregivers-positive-discipline@1': 'c70b6e34a774cb04',
  'caregivers-physical-punishment-needed@1': '681a0dbc5e029fef',
  'children-safe-at-home@1': '2ff96c05aabbf89d',
  'parents-club-members@1': '6ded8412a01647a3',
  'parenting-sessions-mean@1': '2fb148845e8a8df8',
  'children-birth-registered@1': '472c2361de569442',
  'children-in-school@1': '406f14a411d1b3a1',
  'csc-assisted@1': 'dcda1feae73ff424',
  'csc-share@1': '90f11724848ae7f6',
  'abuse-reports-12h@1': 'baa8c5e2b2248c0f',
  'child-friendly-communes@1': '6169f722272ae532',
  'clubs-running@1': '94873df7a1fd8e49',
  'collaborators-trained@1': '450741b0180531fa',
};

function fingerprint(def: IndicatorDef): string {
  const meaning = [def.shape, def.instrument, def.unitOfAnalysis, def.numerator, def.denominator];
  return createHash('sha256').update(JSON.stringify(meaning)).digest('hex').slice(0, 16);
}

describe('indicator versions', () => {
  it('move on whenever what gives an indicator its value changes', () => {
    const problems = indicatorCatalogue.flatMap((def) => {
      const key = `${def.id}@${def.version}`;
      const now = fingerprint(def);
      if (recorded[key] === undefined) return [`${key} is not recorded: add  '${key}': '${now}',  to recorded in test/indicator-versions.test.ts`];
      if (recorded[key] !== now) return [`${key} changed what gives it its value: set its version to ${def.version + 1} in src/domain/indicator-catalogue.ts (then record the new version)`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('never go back to a version already used, and each indicator is defined once', () => {
    const ids = indicatorCatalogue.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const def of indicatorCatalogue) {
      const used = Object.keys(recorded)
        .filter((key) => key.startsWith(`${def.id}@`))
        .map((key) => Number(key.slice(def.id.length + 1)));
      expect(def.version, def.id).toBe(Math.max(...used));
    }
  });

  it('tells a changed definition from an unchanged one (the fingerprint reads each part of the meaning)', () => {
    const def = indicatorCatalogue[0];
    const changed = (patch: Partial<IndicatorDef>) => fingerprint({ ...def, ...patch }) !== fingerprint(def);
    expect(changed({ numerator: `${def.numerator} and true` })).toBe(true);
    expect(changed({ denominator: `${def.denominator} and true` })).toBe(true);
    expect(changed({ instrument: 'commune-checklist' })).toBe(true);
    expect(changed({ unitOfAnalysis: 'child' })).toBe(true);
    expect(changed({ shape: 'mean' })).toBe(true);
    expect(changed({ nameEn: 'Another name', decimals: 2 })).toBe(false);
  });
});
