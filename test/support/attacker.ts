/**
 * An outsider who solves what was published: the published cells' values are known, the hidden ones are
 * unknowns, and every additive relation (total = Σ parts) is an equation. Gaussian elimination (floating
 * point, partial pivoting; written apart from src/domain/disclosure.ts so that the two check each other)
 * tells which unknowns are pinned to one value, and what that value is.
 */
export interface PublishedCell {
  id: string;
  /** null when hidden (or never published). */
  numerator: number | null;
}

export interface AttackRelation {
  total: string;
  parts: string[];
}

/** The hidden cells whose numerator follows from the published ones, with the value it follows to. */
export function recover(cells: PublishedCell[], relations: AttackRelation[]): Map<string, number> {
  const unknowns = cells.filter((c) => c.numerator === null).map((c) => c.id);
  const known = new Map(cells.filter((c) => c.numerator !== null).map((c) => [c.id, c.numerator as number]));
  const column = new Map(unknowns.map((id, i) => [id, i]));
  const width = unknowns.length;
  // Each row: coefficients over the unknowns, then the right-hand side.
  const rows: number[][] = relations.map((r) => {
    const row = new Array<number>(width + 1).fill(0);
    const term = (id: string, sign: number) => {
      const j = column.get(id);
      if (j === undefined) row[width] -= sign * (known.get(id) ?? 0);
      else row[j] += sign;
    };
    term(r.total, 1);
    for (const p of r.parts) term(p, -1);
    return row;
  });
  let rank = 0;
  const pivotOf: number[] = [];
  for (let j = 0; j < width && rank < rows.length; j++) {
    let best = rank;
    for (let i = rank; i < rows.length; i++) if (Math.abs(rows[i][j]) > Math.abs(rows[best][j])) best = i;
    if (Math.abs(rows[best][j]) < 1e-9) continue;
    [rows[rank], rows[best]] = [rows[best], rows[rank]];
    const p = rows[rank][j];
    rows[rank] = rows[rank].map((x) => x / p);
    for (let i = 0; i < rows.length; i++) {
      if (i === rank || Math.abs(rows[i][j]) < 1e-12) continue;
      const f = rows[i][j];
      rows[i] = rows[i].map((x, c) => x - f * rows[rank][c]);
    }
    pivotOf[rank] = j;
    rank++;
  }
  const out = new Map<string, number>();
  for (let i = 0; i < rank; i++) {
    const j = pivotOf[i];
    if (rows[i].every((x, c) => c === j || c === width || Math.abs(x) < 1e-9)) out.set(unknowns[j], Math.round(rows[i][width]));
  }
  return out;
}
