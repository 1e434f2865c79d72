/**
 * A page number from a query string: a whole number from 1 to `lastPage`, whatever was typed. `1e309`,
 * `99999999999999999999`, `-1` or `abc` must never reach SQL as an OFFSET out of SQLite's integer range.
 * Example: `pageNumber('3')` → 3; `pageNumber('1e309')` → 1; `pageNumber('50', 10)` → 10.
 */
export const lastPage = 100_000;

export function pageNumber(value: unknown, last = lastPage): number {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : 1;
  return Math.min(Math.max(1, n), Math.max(1, last));
}
