// @ts-check
// Whose items a backup file holds, for the field bar's import (field.js). What the device's queue sends is
// stored as whoever is signed in, so only the items they collected (or that name nobody, as older files) may
// go into it; the others are for /imports, which stores each item as the evaluator it names.

/**
 * Splits a backup's items into the signed-in person's and the others'.
 * Example: splitByCollector([{ evaluator: 'lan@x' }, { evaluator: 'minh@x' }], 'Lan@x ') → { mine: [lan's], others: [minh's] }.
 * @template {unknown} T
 * @param {T[]} items
 * @param {string} user the signed-in person's email
 * @returns {{ mine: T[], others: T[] }}
 */
export function splitByCollector(items, user) {
  var me = String(user || '').trim().toLowerCase();
  /** @type {T[]} */
  var mine = [];
  /** @type {T[]} */
  var others = [];
  items.forEach(function (item) {
    var named = item && typeof item === 'object' ? /** @type {{ evaluator?: unknown }} */ (item).evaluator : undefined;
    if (typeof named === 'string' && named.trim().toLowerCase() !== me) others.push(item);
    else mine.push(item);
  });
  return { mine: mine, others: others };
}
