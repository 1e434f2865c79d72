/**
 * The follow-up search of the survey page (public/app/household-search.js) and the one Vietnamese folding it
 * shares with the server's place search (public/app/fold.js, src/domain/place-search.ts), with plain values.
 */
import { describe, expect, it } from 'vitest';
import { foldText } from '../public/app/fold.js';
import { findHouseholds, householdLabel, visitDate } from '../public/app/household-search.js';
import { dateInVietnam } from '../src/domain/calendar';
import { formatDate } from '../src/domain/format';
import { foldName } from '../src/domain/place-search';

const phuChau = { code: '09649', vi: 'Phú Châu', en: 'Phu Chau' };
const household = (hamlet: string, householdNumber: string, round = 'baseline', collectedAt = '2026-11-20T18:30:00.000Z') => ({
  commune: phuChau,
  hamlet,
  householdNumber,
  from: { submission: crypto.randomUUID(), round, collectedAt },
});
const list = [household('Thôn 4', '12'), household('Thôn Đồng Bầu', '7', 'midterm'), household('Xóm Đường', '3'), household('thôn 5', '40')];

describe('Vietnamese folding', () => {
  it('lowers case, strips diacritics, turns đ into d and collapses spaces', () => {
    expect(foldText('  Thôn   4 ')).toBe('thon 4');
    expect(foldText('ĐỒNG BẦU')).toBe('dong bau');
    expect(foldText('Đường'.normalize('NFD'))).toBe('duong');
  });
  it('is the server’s place folding too', () => {
    expect(foldName).toBe(foldText);
  });
});

describe('finding a household of an earlier round', () => {
  it('ignores accents and case: "thon 4" finds "Thôn 4"', () => {
    // Thôn 4 first; thôn 5's household 40 holds both words apart.
    expect(findHouseholds(list, 'thon 4').map((h) => h.hamlet)).toEqual(['Thôn 4', 'thôn 5']);
    expect(findHouseholds(list, 'Thôn 4').map((h) => h.hamlet)).toEqual(['Thôn 4', 'thôn 5']);
    expect(findHouseholds(list, 'THON 4 12').map((h) => h.hamlet)).toEqual(['Thôn 4']);
    expect(findHouseholds(list, 'dong bau').map((h) => h.hamlet)).toEqual(['Thôn Đồng Bầu']);
    expect(findHouseholds(list, 'duong').map((h) => h.hamlet)).toEqual(['Xóm Đường']);
  });
  it('matches every word anywhere: hamlet, household number or commune', () => {
    expect(findHouseholds(list, 'phu chau thon').map((h) => h.hamlet)).toEqual(['Thôn 4', 'Thôn Đồng Bầu', 'thôn 5']);
    expect(findHouseholds(list, '40').map((h) => h.hamlet)).toEqual(['thôn 5']);
    expect(findHouseholds(list, 'thon 9')).toEqual([]);
    expect(findHouseholds(list, '   ')).toEqual([]);
    expect(findHouseholds(list, 'thon', 2)).toHaveLength(2);
  });
  it('says the round and the date of the visit, the date as the server writes it', () => {
    const names = { baseline: 'Đầu kỳ', midterm: 'Giữa kỳ', final: 'Cuối kỳ' };
    expect(householdLabel(list[0], 'vi', names)).toBe('Phú Châu · Thôn 4 / 12 — Đầu kỳ, 21/11/2026');
    expect(householdLabel(list[1], 'en', { baseline: 'Baseline', midterm: 'Midterm' })).toBe('Phu Chau · Thôn Đồng Bầu / 7 — Midterm, 21 Nov 2026');
    for (const at of ['2026-01-01T00:00:00Z', '2026-12-31T16:59:59Z', '2026-12-31T17:00:00Z', '2015-06-30T10:00:00.000Z'])
      for (const locale of ['vi', 'en'] as const) expect(visitDate(at, locale)).toBe(formatDate(dateInVietnam(new Date(at)), locale));
  });
});
