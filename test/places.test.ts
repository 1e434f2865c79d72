import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { ancestorAt, placeGraph, rollUp, rollUpUnit, unitOn, type PlaceLevel, type PlaceNode } from '../src/domain/places';
import { loadPlaceGraph } from '../src/queries/places';
import { placeIds, seedProgramme } from '../src/seed/seed';
import { freshApp } from './support/app';

const today = { kind: 'today', date: '2026-11-20' } as const;
const round = { kind: 'round' } as const;

const node = (id: number, level: PlaceLevel, parentId: number | null, validFrom: string, validTo: string | null): PlaceNode => ({
  id,
  code: String(id),
  level,
  nameVi: `unit ${id}`,
  nameEn: `unit ${id}`,
  parentId,
  validFrom,
  validTo,
});
const old = (id: number, level: PlaceLevel, parentId: number | null) => node(id, level, parentId, '2008-08-01', '2025-06-30');
const now = (id: number, level: PlaceLevel, parentId: number | null) => node(id, level, parentId, '2025-07-01', null);
const succeeds = (successorId: number, predecessorId: number, effective = '2025-07-01') => ({ predecessorId, successorId, effective });

// Ids by name, so the expectations read as the reorganisation does.
const hanoi2008 = 1, yenBai = 2, laoCai2025 = 3, hanoi2025 = 4;
const meLinhDistrict = 10, yenBinhDistrict = 11;
const communeA = 20, communeB = 21, vinhKien = 22, communeAB = 30;
const until2019 = 40, from2020 = 41, from2025 = 42;
const splitCommune = 50, splitHalf1 = 51, splitHalf2 = 52;

const graph = placeGraph(
  [
    old(hanoi2008, 'province', null), old(yenBai, 'province', null), now(laoCai2025, 'province', null), now(hanoi2025, 'province', null),
    old(meLinhDistrict, 'district', hanoi2008), old(yenBinhDistrict, 'district', yenBai),
    old(communeA, 'commune', meLinhDistrict), old(communeB, 'commune', meLinhDistrict), old(vinhKien, 'commune', yenBinhDistrict),
    now(communeAB, 'commune', hanoi2025),
    node(until2019, 'commune', meLinhDistrict, '2008-08-01', '2019-12-31'), node(from2020, 'commune', meLinhDistrict, '2020-01-01', '2025-06-30'),
    now(from2025, 'commune', hanoi2025),
    old(splitCommune, 'commune', meLinhDistrict), now(splitHalf1, 'commune', hanoi2025), now(splitHalf2, 'commune', hanoi2025),
  ],
  [
    succeeds(hanoi2025, hanoi2008), succeeds(laoCai2025, yenBai),
    succeeds(communeAB, communeA), succeeds(communeAB, communeB),
    succeeds(from2020, until2019, '2020-01-01'), succeeds(from2025, from2020),
    succeeds(splitHalf1, splitCommune), succeeds(splitHalf2, splitCommune),
  ],
);

describe('places over time', () => {
  it('finds a unit’s ancestors along its own parent chain', () => {
    expect(ancestorAt(graph, communeA, 'province')).toBe(hanoi2008);
    expect(ancestorAt(graph, communeA, 'district')).toBe(meLinhDistrict);
    expect(ancestorAt(graph, communeA, 'commune')).toBe(communeA);
    expect(ancestorAt(graph, communeAB, 'district')).toBeNull(); // no districts after 2025
    expect(ancestorAt(graph, meLinhDistrict, 'commune')).toBeNull();
  });

  it('maps two merged communes to the one that replaced them, and leaves them alone before the merger', () => {
    expect(unitOn(graph, communeA, today.date)).toBe(communeAB);
    expect(unitOn(graph, communeB, today.date)).toBe(communeAB);
    expect(unitOn(graph, communeA, '2016-05-01')).toBe(communeA);
    const rows = [{ communeId: communeA, n: 3 }, { communeId: communeB, n: 4 }];
    expect(rollUp(graph, rows, 'commune', today)).toEqual(new Map([[communeAB, rows]]));
    expect(rollUp(graph, rows, 'commune', round)).toEqual(new Map([[communeA, [rows[0]]], [communeB, [rows[1]]]]));
  });

  it('maps Yên Bái to Lào Cai after 2025-07-01 only', () => {
    expect(unitOn(graph, yenBai, today.date)).toBe(laoCai2025);
    expect(unitOn(graph, yenBai, '2025-06-30')).toBe(yenBai);
    expect(unitOn(graph, laoCai2025, '2020-01-01')).toBeNull(); // did not exist yet
  });

  it('follows a chain of successions as far as the date needs', () => {
    expect(unitOn(graph, until2019, today.date)).toBe(from2025);
    expect(unitOn(graph, until2019, '2021-01-01')).toBe(from2020);
  });

  it('does not divide a split unit’s data, but still places it in its province', () => {
    expect(unitOn(graph, splitCommune, today.date)).toBeNull();
    expect(rollUpUnit(graph, splitCommune, 'commune', today)).toBeNull();
    expect(rollUpUnit(graph, splitCommune, 'province', today)).toBe(hanoi2025);
  });

  it('rolls a commune up to no district under today’s boundaries', () => {
    expect(rollUpUnit(graph, communeA, 'district', round)).toBe(meLinhDistrict);
    expect(rollUpUnit(graph, communeA, 'district', today)).toBeNull();
    expect(rollUpUnit(graph, vinhKien, 'district', today)).toBeNull();
  });

  it('rolls the same commune up to different provinces under the round’s and today’s boundaries', () => {
    expect(rollUpUnit(graph, vinhKien, 'province', round)).toBe(yenBai);
    // No successor was entered for the commune: its province carries it forward.
    expect(rollUpUnit(graph, vinhKien, 'province', today)).toBe(laoCai2025);
  });

  it('keeps rows it cannot place under a null key instead of dropping them', () => {
    const rows = [{ communeId: vinhKien }, { communeId: splitCommune }, { communeId: 999 }];
    expect(rollUp(graph, rows, 'commune', today)).toEqual(new Map([[null, rows]]));
  });
});

describe('places in the seeded database', () => {
  let t: Awaited<ReturnType<typeof freshApp>>;
  beforeAll(async () => {
    t = await freshApp();
  });

  it('rolls the Yên Bái model’s communes up to Lào Cai today and to Yên Bái under the round’s boundaries', async () => {
    const seeded = await loadPlaceGraph(t.db);
    const communes = [...(await placeIds(t.db, ['04771', '04732', '04663', '04675'])).values()];
    expect(communes).toHaveLength(4);
    for (const commune of communes) {
      const then = seeded.byId.get(rollUpUnit(seeded, commune, 'province', round)!)!;
      const now = seeded.byId.get(rollUpUnit(seeded, commune, 'province', today)!)!;
      expect([then.nameVi, then.validTo]).toEqual(['Yên Bái', '2025-06-30']);
      expect([now.nameVi, now.validFrom, now.validTo]).toEqual(['Lào Cai', '2025-07-01', null]);
      expect(rollUpUnit(seeded, commune, 'district', today)).toBeNull();
    }
    const [meLinh] = (await placeIds(t.db, ['09010'])).values();
    expect(seeded.byId.get(rollUpUnit(seeded, meLinh, 'province', today)!)).toMatchObject({ code: '01', validFrom: '2025-07-01' });
  });

  it('adds no places or successions when seeded again', async () => {
    const rows = async () => [(await t.db.select({ n: count() }).from(s.places))[0].n, (await t.db.select({ n: count() }).from(s.placeSuccessions))[0].n];
    const before = await rows();
    expect(before[1]).toBe(4);
    await seedProgramme(t.db);
    expect(await rows()).toEqual(before);
  });
});
