/**
 * Stored answers shown in bounded time and size, whatever their type, size or depth. Rows stored before the
 * limits (./limits.ts) were enforced may hold a 5,000-entry panel or an object nested 3,000 levels deep;
 * `clamp` copies at most so much of a value, and everything downstream (conditions, display text) works on
 * the copy with plain recursion. Pure.
 */

/** Far above anything the limits let through (a 5,000-character comment, 30 panel entries), so valid answers are never cut. */
export const shownAtMost = {
  /** Levels below the answer itself: a panel entry's checkbox value is three down. */
  depth: 8,
  /** Items of an array or keys of an object (a dynamic panel takes at least its own maxPanelCount). */
  items: 100,
  /** Arrays, objects and values in one answer. */
  nodes: 10_000,
  /** Characters of one string. */
  stringChars: 10_000,
  /** Characters of strings and keys in one answer. */
  chars: 200_000,
};

export interface Clamped {
  value: unknown;
  /** Something of the stored value was left out. */
  cut: boolean;
}

interface Budget {
  nodes: number;
  chars: number;
  cut: boolean;
}

/**
 * A copy of at most `shownAtMost` of a value; `topItems` raises the item cap of the value itself (a panel's
 * entries). Example: clamp('x'.repeat(20_000)) → { value: 'x' × 10,000, cut: true }.
 */
export function clamp(value: unknown, topItems = shownAtMost.items): Clamped {
  const budget: Budget = { nodes: shownAtMost.nodes, chars: shownAtMost.chars, cut: false };
  const copy = copyWithin(value, 0, Math.max(topItems, shownAtMost.items), budget);
  return { value: copy, cut: budget.cut };
}

function copyWithin(value: unknown, depth: number, items: number, budget: Budget): unknown {
  if (typeof value === 'string') return takeChars(value, budget);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= shownAtMost.depth) {
    budget.cut = true;
    // Not undefined: a value cut off here is not an empty one.
    return '…';
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (i >= items || --budget.nodes < 0) {
        budget.cut = true;
        break;
      }
      out.push(copyWithin(value[i], depth + 1, shownAtMost.items, budget));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  let taken = 0;
  for (const key in value) {
    // A stored "__proto__" key would set the copy's prototype; it is never a question or row name.
    if (!Object.hasOwn(value, key) || key === '__proto__') continue;
    if (taken++ >= items || --budget.nodes < 0 || key.length > budget.chars) {
      budget.cut = true;
      break;
    }
    budget.chars -= key.length;
    out[key] = copyWithin((value as Record<string, unknown>)[key], depth + 1, shownAtMost.items, budget);
  }
  return out;
}

function takeChars(s: string, budget: Budget): string {
  const room = Math.min(shownAtMost.stringChars, budget.chars);
  if (s.length <= room) {
    budget.chars -= s.length;
    return s;
  }
  budget.cut = true;
  budget.chars -= room;
  return s.slice(0, room);
}

/**
 * survey-core's idea of an empty answer (Helpers.isValueEmpty, a question's value trimmed): undefined, null,
 * '', whitespace, [], or an object of empty values. For clamped values: the recursion is as deep as the copy.
 */
export function isEmptyAnswer(value: unknown): boolean {
  return isEmptyValue(typeof value === 'string' ? value.trim() : value);
}

function isEmptyValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === 'object') return Object.values(value).every(isEmptyValue);
  return value === undefined || value === null || value === '' || Number.isNaN(value);
}

/**
 * Any clamped value as one line, as survey-core's display text read: lists joined by ", ", objects as
 * "key: value; …". Example: { a: 1, b: [2, 3] } → "a: 1; b: 2, 3".
 */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(plainText).join(', ');
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${plainText(v)}`)
    .join('; ');
}
