/** Model entries and place search (issue 12, part 3), with plain values: no database, no app. */
import { describe, expect, it } from 'vitest';
import { checkModelEntry, checkModelPatch, type KnownForModels, modelSlug, validDuring } from '../src/domain/model-entry';
import { foldName, rankPlaces } from '../src/domain/place-search';
import type { PlaceNode } from '../src/domain/places';

const place = (id: number, code: string, level: PlaceNode['level'], nameVi: string, nameEn: string, validFrom = '2008-08-01', validTo: string | null = '2025-06-30'): PlaceNode => ({
  id,
  code,
  level,
  nameVi,
  nameEn,
  parentId: null,
  validFrom,
  validTo,
});

const phuChau = place(1, '09649', 'commune', 'Phú Châu', 'Phu Chau');
const phungXa = place(2, '10474', 'commune', 'Phùng Xá', 'Phung Xa');
const phuNham = place(3, '04663', 'commune', 'Phù Nham', 'Phu Nham');
const ducGiang = place(4, '09847', 'commune', 'Đức Giang', 'Duc Giang');
const baVi = place(5, '271', 'district', 'Ba Vì', 'Ba Vi');
/** A unit that began with the 2025 reorganisation, reusing no code. */
const newCommune = place(6, '09650', 'commune', 'Quảng Oai', 'Quang Oai', '2025-07-01', null);
/** The same code as Phú Châu, given again to another unit after the reorganisation. */
const reused = place(7, '09649', 'commune', 'Phú Châu mới', 'Phu Chau moi', '2025-07-01', null);

const known: KnownForModels = {
  typeIds: ['community-cp', 'abuse-violence'],
  programmes: [
    { id: 'hanoi-2015-2020', periodStart: '2015-01-01', periodEnd: '2020-12-31' },
    { id: 'hanoi-2026', periodStart: '2026-01-01', periodEnd: '2030-12-31' },
  ],
  sponsorIds: ['world-vision'],
  places: [phuChau, phungXa, phuNham, ducGiang, baVi, newCommune, reused],
};

const entry = {
  name: { vi: 'Mô hình bảo vệ trẻ em xã Phú Châu', en: 'Phu Chau child protection model' },
  type: 'community-cp',
  programme: 'hanoi-2015-2020',
  period: { start: '2016-01-01', end: '2018-12-31' },
  sponsor: null,
  communes: ['09649', '10474'],
};

describe('foldName and rankPlaces', () => {
  it('folds Vietnamese diacritics (đ too), case and spaces', () => {
    expect(foldName('  Đức   GIANG ')).toBe('duc giang');
    expect(foldName('Phú Châu')).toBe('phu chau');
    expect(foldName('Phú Châu'.normalize('NFD'))).toBe('phu chau');
  });

  it('finds by name without accents, in any case, and ranks the closest first', () => {
    expect(rankPlaces(known.places, 'phu chau').map((p) => p.id)).toEqual([1, 7]);
    expect(rankPlaces(known.places, 'DUC').map((p) => p.nameVi)).toEqual(['Đức Giang']);
    expect(rankPlaces(known.places, 'đức giang').map((p) => p.nameVi)).toEqual(['Đức Giang']);
    // Names starting with the query, then a word starting with it ("Xá" in Phùng Xá), then a substring.
    expect(rankPlaces(known.places, 'phu').map((p) => p.nameVi)).toEqual(['Phú Châu', 'Phú Châu mới', 'Phù Nham', 'Phùng Xá']);
    expect(rankPlaces(known.places, 'xa').map((p) => p.nameVi)).toEqual(['Phùng Xá']);
    expect(rankPlaces(known.places, 'nowhere')).toEqual([]);
  });

  it('finds by the start of a GSO code, the exact code first; communes before districts', () => {
    expect(rankPlaces(known.places, '0965').map((p) => p.code)).toEqual(['09650']);
    expect(rankPlaces([newCommune, phuChau], '09649').map((p) => p.id)).toEqual([1]);
    expect(rankPlaces([newCommune, phuChau], '0964').map((p) => p.code)).toEqual(['09649']);
    expect(rankPlaces([baVi, place(8, '27101', 'commune', 'Ba Vì', 'Ba Vi')], 'ba vi').map((p) => p.level)).toEqual(['commune', 'district']);
    expect(rankPlaces([place(9, '09651', 'commune', 'B', 'B'), place(10, '0965', 'commune', 'Z', 'Z')], '0965').map((p) => p.code)).toEqual(['0965', '09651']);
  });
});

describe('checkModelEntry', () => {
  it('accepts a whole entry, its id the slug of the English name, its communes the units valid in the period', () => {
    const check = checkModelEntry(entry, known, 'en');
    expect(check).toEqual({
      ok: true,
      entry: {
        id: 'phu-chau-child-protection-model',
        nameVi: 'Mô hình bảo vệ trẻ em xã Phú Châu',
        nameEn: 'Phu Chau child protection model',
        typeId: 'community-cp',
        programmeId: 'hanoi-2015-2020',
        periodStart: '2016-01-01',
        periodEnd: '2018-12-31',
        sponsorId: null,
        places: [phuChau, phungXa],
        comparison: [],
      },
    });
    expect(checkModelEntry({ ...entry, id: 'hn-phu-chau-2', sponsor: 'world-vision' }, known, 'en')).toMatchObject({ ok: true, entry: { id: 'hn-phu-chau-2', sponsorId: 'world-vision' } });
    // After the reorganisation the same code names the unit then in force.
    const later = checkModelEntry({ ...entry, programme: 'hanoi-2026', period: { start: '2026-01-01', end: '2027-12-31' }, communes: ['09649', '09650'] }, known, 'en');
    expect(later.ok && later.entry.places.map((p) => p.id)).toEqual([7, 6]);
  });

  it('names each problem at its field, in the reader’s language', () => {
    const bad = checkModelEntry(
      { id: 'Phú Châu!', name: { vi: ' ', en: 'x'.repeat(201) }, type: 'nope', programme: 'nope', period: { start: '2019-02-30', end: '2019-13-01' }, sponsor: 'hanoi-dolisa', communes: ['9649', '99999', 42] },
      known,
      'vi',
    );
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['name.vi', 'name.en', 'id', 'type', 'programme', 'period.start', 'period.end', 'sponsor', 'communes.0', 'communes.1', 'communes.2']);
    expect(!bad.ok && bad.errors[0].message).toBe('Hãy ghi tên tiếng Việt (tối đa 200 ký tự).');
    expect(checkModelEntry({ ...entry, communes: [] }, known, 'en')).toEqual({ ok: false, errors: [{ question: 'communes', message: 'Choose at least one commune.' }] });
    expect(checkModelEntry({ ...entry, communes: undefined }, known, 'en').ok).toBe(false);
    expect(checkModelEntry({ ...entry, name: { vi: 'x'.repeat(200), en: 'y'.repeat(200) } }, known, 'en').ok).toBe(true);
    expect(checkModelEntry('model', known, 'en').ok).toBe(false);
  });

  it('keeps the period in order and within the programme’s', () => {
    expect(checkModelEntry({ ...entry, period: { start: '2018-01-02', end: '2018-01-01' } }, known, 'en')).toEqual({
      ok: false,
      errors: [{ question: 'period.end', message: 'The end date cannot come before the start date.' }],
    });
    expect(checkModelEntry({ ...entry, period: { start: '2018-01-01', end: '2018-01-01' } }, known, 'en').ok).toBe(true);
    const outside = checkModelEntry({ ...entry, period: { start: '2014-12-31', end: '2016-01-01' } }, known, 'en');
    expect(outside).toEqual({ ok: false, errors: [{ question: 'period.start', message: "The model's period must lie within its programme's (1 Jan 2015 – 31 Dec 2020)" }] });
    expect(checkModelEntry({ ...entry, period: { start: '2015-01-01', end: '2020-12-31' } }, known, 'en').ok).toBe(true);
    expect(checkModelEntry({ ...entry, period: { start: '2015-01-01', end: '2021-01-01' } }, known, 'en').ok).toBe(false);
  });

  it('takes only units valid during the period, and communes or districts, not both', () => {
    const notYet = checkModelEntry({ ...entry, communes: ['09650'] }, known, 'en');
    expect(notYet).toEqual({ ok: false, errors: [{ question: 'communes.0', message: "This unit did not exist during the model's period (Quảng Oai 09650: 1 Jul 2025 – …)" }] });
    expect(checkModelEntry({ ...entry, communes: ['09649', '271'] }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'communes' }] });
    expect(checkModelEntry({ ...entry, communes: ['271'] }, known, 'en')).toMatchObject({ ok: true, entry: { places: [baVi] } });
    // The same code twice is one commune.
    expect(checkModelEntry({ ...entry, communes: ['09649', ' 09649 '] }, known, 'en')).toMatchObject({ ok: true, entry: { places: [phuChau] } });
  });

  it('validDuring: from ≤ period end and (no end, or end ≥ period start), both days included', () => {
    expect(validDuring(phuChau, '2025-06-30', '2026-01-01')).toBe(true);
    expect(validDuring(phuChau, '2025-07-01', '2026-01-01')).toBe(false);
    expect(validDuring(newCommune, '2020-01-01', '2025-07-01')).toBe(true);
    expect(validDuring(newCommune, '2020-01-01', '2025-06-30')).toBe(false);
  });

  it('makes ids from English names: no accents, hyphens, at most 60 characters at a word’s end', () => {
    expect(modelSlug('Community-based child protection, Phú Châu (2016)')).toBe('community-based-child-protection-phu-chau-2016');
    expect(modelSlug('A very long name '.repeat(10)).length).toBeLessThanOrEqual(60);
    expect(modelSlug('A very long name '.repeat(10)).endsWith('-')).toBe(false);
    expect(checkModelEntry({ ...entry, name: { ...entry.name, en: '—' } }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'id' }] });
  });
});

describe('checkModelPatch', () => {
  const stored = (checkModelEntry(entry, known, 'en') as { ok: true; entry: Parameters<typeof checkModelPatch>[0] }).entry;
  it('applies any subset of the parts and says which changed', () => {
    expect(checkModelPatch(stored, { period: { end: '2019-12-31' } }, known, 'en')).toMatchObject({ ok: true, changed: ['period'], entry: { periodStart: '2016-01-01', periodEnd: '2019-12-31' } });
    expect(checkModelPatch(stored, { name: { en: 'Renamed' }, communes: ['09649'] }, known, 'en')).toMatchObject({ ok: true, changed: ['names', 'communes'], entry: { nameVi: stored.nameVi, nameEn: 'Renamed', places: [phuChau] } });
    expect(checkModelPatch(stored, { programme: 'hanoi-2015-2020', communes: ['10474', '09649'] }, known, 'en')).toMatchObject({ ok: true, changed: [] });
    expect(checkModelPatch(stored, { sponsor: 'world-vision', type: 'abuse-violence' }, known, 'en')).toMatchObject({ ok: true, changed: ['type', 'sponsor'] });
    expect(checkModelPatch(stored, { id: 'other' }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: '(body)' }] });
  });

  it('checks the model as it would become', () => {
    expect(checkModelPatch(stored, { programme: 'hanoi-2026' }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'period.start' }] });
    // Phùng Xá ended in 2025; 09649 names, in 2026, the unit that then had that code.
    expect(checkModelPatch(stored, { period: { start: '2026-01-01', end: '2026-12-31' }, programme: 'hanoi-2026' }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'communes.1' }] });
    expect(checkModelPatch(stored, { communes: [] }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'communes' }] });
    expect(checkModelPatch(stored, { name: 'Renamed', period: '2019' }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'name' }, { question: 'period' }] });
  });
});

describe('comparison communes', () => {
  it('marks some of the communes as comparison ones, never all of them nor one the model does not list', () => {
    expect(checkModelEntry({ ...entry, comparison: ['10474'] }, known, 'en')).toMatchObject({ ok: true, entry: { places: [phuChau, phungXa], comparison: [phungXa.id] } });
    expect(checkModelEntry({ ...entry, comparison: ['09649', '10474'] }, known, 'en')).toEqual({
      ok: false,
      errors: [{ question: 'comparison', message: 'At least one commune must be treated (where the model runs); not every commune can be a comparison one.' }],
    });
    expect(checkModelEntry({ ...entry, comparison: ['09649', '10474'] }, known, 'vi')).toMatchObject({ ok: false, errors: [{ question: 'comparison', message: expect.stringContaining('Cần ít nhất một xã can thiệp') }] });
    expect(checkModelEntry({ ...entry, comparison: ['04663'] }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'comparison.0', message: expect.stringContaining("one of the model's communes") }] });
    expect(checkModelEntry({ ...entry, comparison: '10474' }, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'comparison' }] });
  });

  it('a change of comparison communes is a change of communes; communes changed without a word on comparison keep theirs', () => {
    const stored = (checkModelEntry({ ...entry, comparison: ['10474'] }, known, 'en') as { ok: true; entry: Parameters<typeof checkModelPatch>[0] }).entry;
    expect(checkModelPatch(stored, { comparison: [] }, known, 'en')).toMatchObject({ ok: true, changed: ['communes'], entry: { comparison: [] } });
    expect(checkModelPatch(stored, { name: { en: 'Renamed' } }, known, 'en')).toMatchObject({ ok: true, changed: ['names'], entry: { comparison: [phungXa.id] } });
    // Phùng Xá dropped: it is no longer a comparison commune either.
    expect(checkModelPatch(stored, { communes: ['09649'] }, known, 'en')).toMatchObject({ ok: true, changed: ['communes'], entry: { places: [phuChau], comparison: [] } });
    expect(checkModelPatch(stored, { comparison: ['09649'] }, known, 'en')).toMatchObject({ ok: true, changed: ['communes'], entry: { comparison: [phuChau.id] } });
  });
});
