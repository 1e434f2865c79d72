/**
 * Disclosure control for readers who see aggregates only (sponsors): which cells of a table published
 * together may be shown. Pure, one rule for every page, API answer, chart and roll-up.
 *
 * Primary rule (`isSensitive`): the threshold counts people — households for household indicators, children
 * for child-level ones, the registered persons behind a ratio of registered counts — never communes or terms.
 * A cell is sensitive when fewer than `threshold` people are behind it, when its numerator or its remainder
 * (denominator − numerator) is 1…threshold−1 people, or when it is a zero cell (0 of n, or n of n) over fewer
 * than `2 × threshold` people ("none of the 6 were…" singles each of them out). Cells that are about no
 * person (a commune's clubs, communes meeting criteria) are never sensitive.
 *
 * Child-level cells also count households (`households`, kept per round × commune × category, see
 * aggregates.ts `householdsPart`): the children of one household are one respondent's answers, so a cell is
 * sensitive when fewer than `threshold` households are behind it, when the households with a child in its
 * numerator or in its remainder are 1…threshold−1, or when it is a zero cell over fewer than `2 × threshold`
 * households. Example: 5 children of one household, or 20 of 30 children where the 10 left out live in 3
 * households, are sensitive; 6 of 12 children over 5 households, 5 of them with a child on each side, is not.
 *
 * Secondary rule (`hiddenCells`): cells published together are tied by additive relations (a total is the sum
 * of its parts: communes of a model, sexes of its children). When a cell is hidden, the fewest others are
 * hidden too — the smallest first — so that no hidden cell follows from the published ones by addition or
 * subtraction, and no sum of hidden cells that does follow (total − visible parts) is itself sensitive.
 * Relations hold for numerators, denominators and people alike, so one structural check covers all three.
 *
 * A hidden cell carries nothing derived from it (value, interval, n, design effect, status, progress,
 * change): callers drop it whole. Example: a model of 4 communes where one commune's 3 of 24 is sensitive
 * → that commune and the next-smallest are hidden, the model's total and the other two are shown.
 */

export interface DisclosureCell {
  id: string;
  numerator: number;
  denominator: number;
  /** People behind the cell; null for a cell about no person (communes, activities), never sensitive. */
  people: number | null;
  /** True when numerator and remainder count people (proportions, ratios); false for a mean's sum. */
  counts: boolean;
  /** False for a cell that is never shown but follows from others (e.g. children whose sex is not recorded). */
  published?: boolean;
  /** For a child-level cell: the households behind it (at least one child each); absent for other cells. */
  households?: Households;
}

/**
 * Households with at least one of the cell's children (`all`), one in its numerator, one in its remainder
 * (denominator − numerator). A household with children on both sides counts on both.
 */
export interface Households {
  all: number;
  numerator: number;
  remainder: number;
}

/**
 * `total` = Σ `parts`, for numerators, denominators and people; for households too unless `sharedHouseholds`
 * (categories of children, such as sexes, where one household's children fall in several parts).
 */
export interface Relation {
  total: string;
  parts: string[];
  sharedHouseholds?: boolean;
}

export interface DisclosureTable {
  cells: DisclosureCell[];
  relations: Relation[];
}

/**
 * The version of these rules and of the tables they are applied to (workflows/shown.ts `tableOf`). Hidden cells
 * kept in the database for sponsors' pages (suppressed_cells) are read only under the version they were worked
 * out with: any change to what is hidden must move this on, or pages would go on hiding what the old rules hid.
 */
export const disclosureRules = 1;
/**
 * The fingerprint of the code `disclosureRules` covers (this module's rules and shown.ts `tableOf` and its
 * neighbours), recorded when it was last moved on: test/disclosure-rules.test.ts fails, saying what to do,
 * when that code changes and this is not recorded again.
 */
export const disclosureRulesFingerprint = '5af817a1d782f96d75eff33e2c9c4ae173b42d2243e269dd600b6301bc638b2d';

/** Zero cells (0 of n, n of n) need at least this many people. Example: threshold 5 → 10. */
export const zeroCellMinimum = (threshold: number) => 2 * threshold;

/**
 * The primary rule. Examples (threshold 5): 3/24 sensitive (3 people), 20/24 sensitive (4 left out), 78/98
 * shown, 0/6 sensitive (zero cell of 6), 0/12 shown, a mean over 4 households sensitive, 5 children of one
 * household sensitive, 6/12 children over 5 households with 5 on each side shown.
 */
export function isSensitive(cell: Pick<DisclosureCell, 'numerator' | 'denominator' | 'people' | 'counts' | 'households'>, threshold: number): boolean {
  if (cell.people === null || cell.people <= 0) return false;
  const h = cell.households;
  if (cell.people < threshold || (h && h.all < threshold)) return true;
  if (!cell.counts) return false;
  const small = (x: number) => x > 0 && x < threshold;
  const remainder = cell.denominator - cell.numerator;
  if (small(cell.numerator) || small(remainder)) return true;
  if (h && (small(h.numerator) || small(h.remainder))) return true;
  const zeroCell = cell.numerator === 0 || remainder === 0;
  return zeroCell && (cell.people < zeroCellMinimum(threshold) || (h !== undefined && h.all < zeroCellMinimum(threshold)));
}

/** Cells with nothing in them: nothing to hide, nothing to hide behind. */
const isEmpty = (c: DisclosureCell) => c.numerator === 0 && c.denominator === 0 && (c.people ?? 0) === 0;

/**
 * The cells to hide: the sensitive ones and the fewest others that keep them from following from what is
 * published. Cells with `published: false` are never shown and are not in the result.
 */
export function hiddenCells(table: DisclosureTable, threshold: number): Set<string> {
  const byId = new Map(table.cells.map((c) => [c.id, c]));
  const unknown = new Set(table.cells.filter((c) => c.published === false || isSensitive(c, threshold)).map((c) => c.id));
  // What must not follow from the published cells: every suppressed cell and every sensitive unpublished one.
  const guarded = (id: string) => {
    const c = byId.get(id)!;
    return c.published !== false || isSensitive(c, threshold);
  };
  const hideOneMore = (candidates: string[]): boolean => {
    const pick = candidates
      .map((id) => byId.get(id)!)
      .filter((c) => c.published !== false && !unknown.has(c.id) && !isEmpty(c))
      .sort((a, b) => (a.people ?? a.denominator) - (b.people ?? b.denominator) || a.denominator - b.denominator || a.id.localeCompare(b.id))[0];
    if (!pick) return false;
    unknown.add(pick.id);
    return true;
  };
  /**
   * What total − visible parts reveals: the hidden parts' sum. Where parts share households, the sum has at
   * least the largest hidden part's households, and at least the total's less the visible parts' (every
   * household of the total has a child in some part): of the two, the larger is the fewest it can have.
   */
  const revealed = (r: Relation, hiddenParts: string[]): DisclosureCell => {
    const sum = sumOf(hiddenParts.map((p) => byId.get(p)!), r.sharedHouseholds);
    const total = byId.get(r.total)!;
    const visible = r.parts.filter((p) => !hiddenParts.includes(p)).map((p) => byId.get(p)!);
    if (!r.sharedHouseholds || !sum.households || !total.households || visible.some((c) => !c.households)) return sum;
    const atLeast = (k: keyof Households) => Math.max(sum.households![k], total.households![k] - visible.reduce((x, c) => x + c.households![k], 0));
    return { ...sum, households: { all: atLeast('all'), numerator: atLeast('numerator'), remainder: atLeast('remainder') } };
  };
  for (;;) {
    let changed = false;
    for (const r of table.relations) {
      if (unknown.has(r.total)) continue;
      const hiddenParts = r.parts.filter((p) => unknown.has(p) && !isEmpty(byId.get(p)!));
      if (hiddenParts.length === 0) continue;
      // total − visible parts gives the sum of the hidden ones: one guarded part alone, or a sensitive sum, is a disclosure.
      const exposed = hiddenParts.length === 1 ? guarded(hiddenParts[0]) : isSensitive(revealed(r, hiddenParts), threshold);
      if (!exposed) continue;
      if (!hideOneMore(r.parts)) unknown.add(r.total);
      changed = true;
    }
    if (changed) continue;
    // Across relations (a commune in a model and in a district), solve as an attacker would.
    const recovered = derivableCells(table, unknown).filter(guarded);
    if (recovered.length === 0) break;
    const id = recovered[0];
    const around = table.relations.filter((r) => r.total === id || r.parts.includes(id));
    // Hide the smallest visible cell next to it; failing that (its neighbours are all hidden), the smallest anywhere.
    if (!around.some((r) => hideOneMore(r.parts)) && !around.some((r) => hideOneMore([r.total])) && !hideOneMore(table.cells.map((c) => c.id))) break;
  }
  return new Set([...unknown].filter((id) => byId.get(id)!.published !== false));
}

/**
 * The sum of some cells, as one cell (what total − visible parts reveals). Its households are their sum, or,
 * when the parts may share households, the largest part's: the fewest there can be, so that the sum is
 * judged as sensitive as it may be.
 */
export function sumOf(cells: DisclosureCell[], sharedHouseholds = false): DisclosureCell {
  const people = cells.some((c) => c.people === null) ? null : cells.reduce((s, c) => s + (c.people ?? 0), 0);
  const each = (k: keyof Households) => (sharedHouseholds ? Math.max(0, ...cells.map((c) => c.households![k])) : cells.reduce((s, c) => s + c.households![k], 0));
  return {
    id: cells.map((c) => c.id).join('+'),
    numerator: cells.reduce((s, c) => s + c.numerator, 0),
    denominator: cells.reduce((s, c) => s + c.denominator, 0),
    people,
    counts: cells.every((c) => c.counts),
    ...(cells.every((c) => c.households) ? { households: { all: each('all'), numerator: each('numerator'), remainder: each('remainder') } } : {}),
  };
}

/**
 * The unknown cells whose value follows from the relations and the known cells: the unknowns whose unit
 * vector lies in the row space of the relations restricted to the unknowns (reduced row echelon form over
 * the rationals, exact: coefficients stay small integers' ratios).
 */
export function derivableCells(table: DisclosureTable, unknown: ReadonlySet<string>): string[] {
  const ids = table.cells.map((c) => c.id).filter((id) => unknown.has(id));
  const column = new Map(ids.map((id, i) => [id, i]));
  const rows: Fraction[][] = [];
  for (const r of table.relations) {
    const row: Fraction[] = ids.map(() => zero);
    let any = false;
    const add = (id: string, sign: number) => {
      const j = column.get(id);
      if (j === undefined) return;
      row[j] = plus(row[j], [sign, 1]);
      any = true;
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    if (any) rows.push(row);
  }
  return reduce(rows, ids.length)
    .filter(({ row, column: j }) => rows[row].every((x, c) => c === j || x[0] === 0))
    .map(({ column: j }) => ids[j]);
}

type Fraction = [number, number];
const zero: Fraction = [0, 1];
const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
function norm([n, d]: Fraction): Fraction {
  if (n === 0) return zero;
  const g = gcd(n, d) * Math.sign(d);
  return [n / g, d / g];
}
const plus = (a: Fraction, b: Fraction) => norm([a[0] * b[1] + b[0] * a[1], a[1] * b[1]]);
const times = (a: Fraction, b: Fraction) => norm([a[0] * b[0], a[1] * b[1]]);
const over = (a: Fraction, b: Fraction) => norm([a[0] * b[1], a[1] * b[0]]);

/** Brings `rows` to reduced row echelon form in place; returns each pivot's row and column. */
function reduce(rows: Fraction[][], width: number): { row: number; column: number }[] {
  const pivots: { row: number; column: number }[] = [];
  let r = 0;
  for (let j = 0; j < width && r < rows.length; j++) {
    const k = rows.findIndex((row, i) => i >= r && row[j][0] !== 0);
    if (k < 0) continue;
    [rows[r], rows[k]] = [rows[k], rows[r]];
    const p = rows[r][j];
    rows[r] = rows[r].map((x) => over(x, p));
    for (let i = 0; i < rows.length; i++) {
      if (i === r || rows[i][j][0] === 0) continue;
      const f = rows[i][j];
      rows[i] = rows[i].map((x, c) => plus(x, times([-f[0], f[1]], rows[r][c])));
    }
    pivots.push({ row: r, column: j });
    r++;
  }
  return pivots;
}

/**
 * A change among the same households in two rounds (McNemar) is shown only when its pairs are not
 * sensitive and neither discordant count singles households out. Example (threshold 5): 30 pairs with 2
 * yes→no → hidden; 30 pairs with 6 and 9 → shown.
 */
export function linkedChangeShown(change: { pairs: number; before: number; after: number }, threshold: number): boolean {
  const small = (x: number) => x > 0 && x < threshold;
  return change.pairs >= threshold && !small(change.before) && !small(change.after);
}
