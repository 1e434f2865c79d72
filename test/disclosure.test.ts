/** Disclosure control as plain values: the primary rule, secondary suppression, and an attacker on random tables. */
import { describe, expect, it } from 'vitest';
import { type DisclosureCell, type DisclosureTable, hiddenCells, type Households, isSensitive, linkedChangeShown, type Relation, sumOf } from '../src/domain/disclosure';
import { type Rng, seededRng } from '../src/domain/synthetic-answers';
import { shownLinkedChanges, type ShownSeries } from '../src/workflows/shown';
import type { LinkedChange } from '../src/domain/estimates';
import { recover } from './support/attacker';

const cell = (id: string, numerator: number, denominator: number, people: number | null = denominator, counts = true): DisclosureCell => ({ id, numerator, denominator, people, counts });

describe('the primary rule', () => {
  it('counts people, on both sides of a share', () => {
    expect(isSensitive(cell('a', 3, 24), 5)).toBe(true); // 3 people
    expect(isSensitive(cell('a', 20, 24), 5)).toBe(true); // 4 left out
    expect(isSensitive(cell('a', 19, 24), 5)).toBe(false);
    expect(isSensitive(cell('a', 41, 45), 5)).toBe(true);
    expect(isSensitive(cell('a', 40, 45), 5)).toBe(false);
    expect(isSensitive(cell('a', 2, 4), 5)).toBe(true); // 4 people
  });

  it('counts the registered persons behind a ratio, not the communes it adds up', () => {
    // The Yên Bái pilot: 78 of 98 children assisted, over 4 communes.
    expect(isSensitive(cell('yb', 78, 98), 5)).toBe(false);
    expect(isSensitive(cell('commune', 11, 14), 5)).toBe(true);
  });

  it('hides a zero cell (none, or all) over fewer than twice the threshold', () => {
    expect(isSensitive(cell('a', 0, 5), 5)).toBe(true);
    expect(isSensitive(cell('a', 9, 9), 5)).toBe(true);
    expect(isSensitive(cell('a', 0, 10), 5)).toBe(false);
    expect(isSensitive(cell('a', 53, 53), 5)).toBe(false);
  });

  it('hides a mean over few respondents, whatever its sum; never a cell about no person', () => {
    expect(isSensitive(cell('mean', 21, 4, 4, false), 5)).toBe(true);
    expect(isSensitive(cell('mean', 3, 12, 12, false), 5)).toBe(false);
    expect(isSensitive(cell('clubs', 2, 1, null, false), 5)).toBe(false);
    expect(isSensitive(cell('empty', 0, 0, 0), 5)).toBe(false);
  });

  it('counts the households behind a child-level cell, on both sides of a share', () => {
    const children = (numerator: number, denominator: number, households: Households): DisclosureCell => ({ ...cell('children', numerator, denominator), households });
    // 5 children of one household: enough children, one respondent.
    expect(isSensitive(children(3, 5, { all: 1, numerator: 1, remainder: 1 }), 5)).toBe(true);
    expect(isSensitive({ ...children(5, 5, { all: 1, numerator: 1, remainder: 0 }), counts: false }, 5)).toBe(true);
    // 6 children of 5 households: a proportion of 6 always has a side of 1–4 children (or is a zero cell);
    // as a mean, where sides mean nothing, 5 households are enough.
    expect(isSensitive({ ...children(9, 6, { all: 5, numerator: 5, remainder: 5 }), counts: false }, 5)).toBe(false);
    expect(isSensitive({ ...children(9, 6, { all: 4, numerator: 4, remainder: 4 }), counts: false }, 5)).toBe(true);
    // 6 of 12 children over 5 households, each side in 5 of them: shown.
    expect(isSensitive(children(6, 12, { all: 5, numerator: 5, remainder: 5 }), 5)).toBe(false);
    // The same, but the 6 left out live in 2 households, or the 6 counted in 4.
    expect(isSensitive(children(6, 12, { all: 5, numerator: 5, remainder: 2 }), 5)).toBe(true);
    expect(isSensitive(children(6, 12, { all: 5, numerator: 4, remainder: 5 }), 5)).toBe(true);
    // A zero cell over 12 children needs 10 households, as it needs 10 children.
    expect(isSensitive(children(12, 12, { all: 6, numerator: 6, remainder: 0 }), 5)).toBe(true);
    expect(isSensitive(children(12, 12, { all: 10, numerator: 10, remainder: 0 }), 5)).toBe(false);
  });

  it('judges what total − visible parts gives away by the fewest households it can have', () => {
    // Girls (3 households) and boys (4) of the same 4 households: hidden together, total − rest shows 7 of 14
    // children from at least 4 households, so a third category is hidden too.
    const h = (all: number): Households => ({ all, numerator: all, remainder: all });
    const table: DisclosureTable = {
      cells: [
        { ...cell('total', 20, 40), households: h(12) },
        { ...cell('girls', 3, 7), households: h(3) },
        { ...cell('boys', 4, 7), households: h(4) },
        { ...cell('other', 13, 26), households: h(10) },
      ],
      relations: [{ total: 'total', parts: ['girls', 'boys', 'other'], sharedHouseholds: true }],
    };
    expect([...hiddenCells(table, 5)].sort()).toEqual(['boys', 'girls', 'other']);
    expect(sumOf([table.cells[1], table.cells[2]], true).households).toEqual(h(4));
    // Over communes (no household in two), households add up: 3 + 4 = 7 is enough.
    expect(sumOf([table.cells[1], table.cells[2]]).households).toEqual(h(7));
  });

  it('shows a linked change only when neither discordant count is small', () => {
    expect(linkedChangeShown({ pairs: 30, before: 2, after: 10 }, 5)).toBe(false);
    expect(linkedChangeShown({ pairs: 30, before: 6, after: 9 }, 5)).toBe(true);
    expect(linkedChangeShown({ pairs: 4, before: 0, after: 0 }, 5)).toBe(false);
  });
});

describe('changes among the same households', () => {
  it('are not shown to a suppressed reader when they involve a hidden round (midterm − after + before = baseline)', () => {
    const series = { values: [{ roundId: 'b', kind: 'baseline', suppressed: true }, { roundId: 'm', kind: 'midterm', suppressed: false }] } as unknown as ShownSeries;
    const change = { from: 'baseline', to: 'midterm', pairs: 30, before: 6, after: 9 } as LinkedChange;
    expect(shownLinkedChanges(series, [change], { threshold: 5 })).toEqual([]);
    expect(shownLinkedChanges(series, [change], null)).toEqual([change]);
    const bothShown = { values: series.values.map((v) => ({ ...v, suppressed: false })) } as unknown as ShownSeries;
    expect(shownLinkedChanges(bothShown, [change], { threshold: 5 })).toEqual([change]);
  });
});

describe('secondary suppression', () => {
  it('hides the smallest other category with a sensitive one, so overall − visible ones gives nothing', () => {
    // Commune 04732's physical punishment, 3 of 24, in a model of four communes.
    const table = { cells: [cell('total', 26, 96), cell('04663', 6, 24), cell('04675', 11, 24), cell('04732', 3, 24), cell('04771', 6, 23)], relations: [{ total: 'total', parts: ['04663', '04675', '04732', '04771'] }] };
    expect([...hiddenCells(table, 5)].sort()).toEqual(['04732', '04771']);
  });

  it('hides a third when the two hidden ones add up to a sensitive sum', () => {
    const table = { cells: [cell('total', 30, 80), cell('a', 1, 20), cell('b', 2, 20), cell('c', 10, 20), cell('d', 17, 20)], relations: [{ total: 'total', parts: ['a', 'b', 'c', 'd'] }] };
    // a + b = 3 of 40 would follow from total − c − d.
    expect(hiddenCells(table, 5).size).toBe(3);
  });

  it('protects what no one publishes: children whose sex is not recorded', () => {
    const table = { cells: [cell('total', 40, 60), cell('female', 20, 30), cell('male', 18, 27), { ...cell('?', 2, 3), published: false }], relations: [{ total: 'total', parts: ['female', 'male', '?'] }] };
    const hidden = hiddenCells(table, 5);
    expect(hidden.has('?')).toBe(false);
    expect(hidden.has('male')).toBe(true);
  });

  it('hides nothing in a table without a sensitive cell', () => {
    const table = { cells: [cell('total', 30, 60), cell('a', 15, 30), cell('b', 15, 30)], relations: [{ total: 'total', parts: ['a', 'b'] }] };
    expect(hiddenCells(table, 5).size).toBe(0);
  });
});

/** Random tables of the shapes Mốc publishes, from base cells that add up. */
function randomTable(rng: Rng): DisclosureTable {
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const base = (id: string): DisclosureCell => {
    const people = rng() < 0.15 ? 0 : rng() < 0.4 ? int(1, 6) : int(5, 40);
    const numerator = rng() < 0.3 ? [0, 1, 2, people, people - 1][int(0, 4)] : int(0, people);
    return cell(id, Math.max(0, Math.min(people, numerator)), people);
  };
  const cells: DisclosureCell[] = [];
  const relations: Relation[] = [];
  const sum = (id: string, parts: DisclosureCell[], published = true): DisclosureCell => {
    const c = { ...cell(id, parts.reduce((s, p) => s + p.numerator, 0), parts.reduce((s, p) => s + p.denominator, 0)), published };
    relations.push({ total: id, parts: parts.map((p) => p.id) });
    return c;
  };
  const shape = int(0, 3);
  if (shape === 0) {
    // A breakdown with its overall value, maybe with an unpublished rest.
    const parts = Array.from({ length: int(2, 6) }, (_, i) => base(`c${i}`));
    if (rng() < 0.4) parts.push({ ...base('rest'), published: false });
    cells.push(...parts, sum('total', parts));
  } else if (shape === 1) {
    // Rows × columns with their margins and the grand total.
    const rows = int(2, 4);
    const columns = int(2, 4);
    const grid = Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => base(`r${r}c${c}`)));
    cells.push(...grid.flat());
    const rowTotals = grid.map((row, r) => sum(`r${r}`, row));
    const columnTotals = grid[0].map((_, c) => sum(`c${c}`, grid.map((row) => row[c])));
    cells.push(...rowTotals, ...columnTotals, sum('total', rowTotals));
    relations.push({ total: 'total', parts: columnTotals.map((c) => c.id) });
  } else if (shape === 2) {
    // One model's value broken down two ways: by commune and by sex (the same children).
    const children = Array.from({ length: int(2, 4) }, (_, i) => [base(`f${i}`), base(`m${i}`)]);
    const communes = children.map((pair, i) => ({ ...cell(`commune${i}`, pair[0].numerator + pair[1].numerator, pair[0].denominator + pair[1].denominator) }));
    const female = { ...cell('female', children.reduce((s, p) => s + p[0].numerator, 0), children.reduce((s, p) => s + p[0].denominator, 0)) };
    const male = { ...cell('male', children.reduce((s, p) => s + p[1].numerator, 0), children.reduce((s, p) => s + p[1].denominator, 0)) };
    const total = cell('total', female.numerator + male.numerator, female.denominator + male.denominator);
    cells.push(...communes, female, male, total);
    relations.push({ total: 'total', parts: communes.map((c) => c.id) }, { total: 'total', parts: ['female', 'male'] });
  } else {
    // Communes → districts → province, with the model (some communes) published too.
    const communes = Array.from({ length: int(3, 7) }, (_, i) => base(`k${i}`));
    const split = int(1, communes.length - 1);
    const districts = [sum('d0', communes.slice(0, split)), sum('d1', communes.slice(split))];
    const model = sum('model', communes.filter((_, i) => i % 2 === 0));
    cells.push(...communes, ...districts, model, sum('province', districts));
  }
  return { cells, relations };
}

describe('an attacker who solves the published relations', () => {
  it('recovers no hidden cell of 600 random tables, and no published cell is sensitive', () => {
    const rng = seededRng(2026);
    let hiddenSeen = 0;
    for (let k = 0; k < 600; k++) {
      const table = randomTable(rng);
      const threshold = 5;
      const hidden = hiddenCells(table, threshold);
      hiddenSeen += hidden.size;
      const shownCells = table.cells.filter((c) => c.published !== false && !hidden.has(c.id));
      for (const c of shownCells) expect(isSensitive(c, threshold), `table ${k}: ${c.id} shown`).toBe(false);
      const published = table.cells.map((c) => ({ id: c.id, numerator: shownCells.includes(c) ? c.numerator : null }));
      const recovered = recover(published, table.relations);
      const denominators = recover(table.cells.map((c) => ({ id: c.id, numerator: shownCells.includes(c) ? c.denominator : null })), table.relations);
      for (const c of table.cells) {
        const guarded = hidden.has(c.id) || (c.published === false && isSensitive(c, threshold));
        if (!guarded) continue;
        expect(recovered.has(c.id), `table ${k}: ${c.id} recovered as ${recovered.get(c.id)} (${JSON.stringify(table)})`).toBe(false);
        expect(denominators.has(c.id)).toBe(false);
      }
      // What total − visible parts gives away (the hidden parts' sum) is not sensitive either.
      for (const r of table.relations) {
        if (!shownCells.some((c) => c.id === r.total)) continue;
        const parts = table.cells.filter((c) => r.parts.includes(c.id) && !shownCells.includes(c));
        if (parts.length < 2) continue;
        const people = parts.reduce((s, p) => s + (p.people ?? 0), 0);
        expect(isSensitive(cell('sum', parts.reduce((s, p) => s + p.numerator, 0), parts.reduce((s, p) => s + p.denominator, 0), people), threshold)).toBe(false);
      }
    }
    expect(hiddenSeen).toBeGreaterThan(600);
  });
});

/**
 * A child-level table made from households of children, as Mốc keeps it: the model's value, its communes
 * (no household in two) and its children by sex and by age band (a household's children in several), each cell with the
 * households behind it. Returns the table and, per cell, the children it holds (to judge what a sum reveals).
 */
function childTable(rng: Rng): { table: DisclosureTable; children: Map<string, { household: number; counted: boolean }[]> } {
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const children = new Map<string, { household: number; counted: boolean }[]>();
  const put = (id: string, c: { household: number; counted: boolean }) => children.set(id, [...(children.get(id) ?? []), c]);
  let household = 0;
  const communes = Array.from({ length: int(2, 4) }, (_, k) => `commune${k}`);
  for (const commune of communes) {
    for (let h = int(1, 8); h > 0; h--, household++) {
      // Some households all on one side, so that a side's children come from few households.
      const rate = rng() < 0.5 ? [0, 1][int(0, 1)] : rng();
      for (let c = int(1, 7); c > 0; c--) {
        const child = { household, counted: rng() < rate };
        for (const id of ['total', commune, rng() < 0.5 ? 'female' : 'male', ['0-5', '6-10', '11-15', '16-17'][int(0, 3)]]) put(id, child);
      }
    }
  }
  const cells = [...children].map(([id, list]) => cellOfChildren(id, list));
  const relations: Relation[] = [
    { total: 'total', parts: communes.filter((c) => children.has(c)) },
    { total: 'total', parts: ['female', 'male'].filter((s) => children.has(s)), sharedHouseholds: true },
    { total: 'total', parts: ['0-5', '6-10', '11-15', '16-17'].filter((b) => children.has(b)), sharedHouseholds: true },
  ];
  return { table: { cells, relations }, children };
}

function cellOfChildren(id: string, list: { household: number; counted: boolean }[]): DisclosureCell {
  const households = (which: (c: { counted: boolean }) => boolean) => new Set(list.filter(which).map((c) => c.household)).size;
  return {
    ...cell(id, list.filter((c) => c.counted).length, list.length),
    households: { all: households(() => true), numerator: households((c) => c.counted), remainder: households((c) => !c.counted) },
  };
}

describe('an attacker on child-level tables', () => {
  it('recovers no hidden cell of 600 tables of households, no published cell is sensitive, nor what a hidden sum reveals with its true households', () => {
    const rng = seededRng(11);
    const threshold = 5;
    let hiddenSeen = 0;
    let byHouseholdsOnly = 0;
    for (let k = 0; k < 600; k++) {
      const { table, children } = childTable(rng);
      const hidden = hiddenCells(table, threshold);
      hiddenSeen += hidden.size;
      byHouseholdsOnly += table.cells.filter((c) => isSensitive(c, threshold) && !isSensitive({ ...c, households: undefined }, threshold)).length;
      const shownCells = table.cells.filter((c) => !hidden.has(c.id));
      for (const c of shownCells) expect(isSensitive(c, threshold), `table ${k}: ${c.id} shown`).toBe(false);
      const recovered = recover(table.cells.map((c) => ({ id: c.id, numerator: shownCells.includes(c) ? c.numerator : null })), table.relations);
      for (const id of hidden) expect(recovered.has(id), `table ${k}: ${id} recovered`).toBe(false);
      for (const r of table.relations) {
        if (hidden.has(r.total)) continue;
        const parts = r.parts.filter((p) => hidden.has(p));
        if (parts.length < 2) continue;
        // The hidden parts' children together (a child of a household in both is still one child).
        const union = [...new Set(parts.flatMap((p) => children.get(p)!))];
        expect(isSensitive(cellOfChildren('sum', union), threshold), `table ${k}: ${parts.join('+')} revealed`).toBe(false);
      }
    }
    expect(hiddenSeen).toBeGreaterThan(600);
    expect(byHouseholdsOnly).toBeGreaterThan(100);
  });
});
