/**
 * What a form can send for each kind of question, checked without recursing into anything deeper than the
 * instrument's shape. Pure. Example: `valueFits({ type: 'boolean', valueTrue: true, valueFalse: false }, 'yes')`
 * → 'type'.
 */
import type { Kind } from './schema';

/** Why a value does not fit: its JSON type, a value not offered, too long, too many entries; null when it fits. */
export type Misfit = 'type' | 'choice' | 'length' | 'panels' | null;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const patterns: Record<string, RegExp> = {
  'datetime-local': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/,
  time: /^\d{2}:\d{2}(:\d{2})?$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  week: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/,
  color: /^#[0-9a-fA-F]{6}$/,
};

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A real calendar date written YYYY-MM-DD, e.g. 2024-02-29 but not 2023-02-29. */
export function isIsoDate(value: string): boolean {
  const m = isoDate.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function textFits(inputType: string, maxLength: number, value: unknown): Misfit {
  if (inputType === 'number' || inputType === 'range') return typeof value === 'number' && Number.isFinite(value) ? null : 'type';
  if (typeof value !== 'string') return 'type';
  if (value.length > maxLength) return 'length';
  if (inputType === 'date') return value === '' || isIsoDate(value) ? null : 'type';
  const pattern = patterns[inputType];
  return !pattern || value === '' || pattern.test(value) ? null : 'type';
}

function oneOf(list: readonly unknown[], value: unknown): boolean {
  for (const item of list) if (item === value) return true;
  return false;
}

function choiceFits(kind: Extract<Kind, { type: 'choice' }>, value: unknown): Misfit {
  const offered = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && (oneOf(kind.choices, v) || (kind.other && v === 'other') || (kind.none && v === 'none'));
  if (!kind.multiple) return value === null || typeof value === 'object' ? 'type' : offered(value) ? null : 'choice';
  if (!Array.isArray(value)) return 'type';
  if (value.length > kind.choices.length + 2) return 'choice';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === null || typeof value[i] === 'object') return 'type';
    if (!offered(value[i]) || value.indexOf(value[i]) !== i) return 'choice';
  }
  // "None of the above" stands alone, as the form enforces.
  return kind.none && value.length > 1 && value.includes('none') ? 'choice' : null;
}

/**
 * Whether a present answer fits its question's kind. Containers (matrix, multipletext, paneldynamic) are
 * checked for their own shape here; what is inside them is checked by the caller, entry by entry.
 */
export function valueFits(kind: Kind, value: unknown): Misfit {
  switch (kind.type) {
    case 'text':
      return textFits(kind.inputType, kind.maxLength, value);
    case 'comment':
      return typeof value !== 'string' ? 'type' : value.length > kind.maxLength ? 'length' : null;
    case 'boolean':
      return value === kind.valueTrue || value === kind.valueFalse ? null : 'type';
    case 'choice':
      return choiceFits(kind, value);
    case 'rating':
      return typeof value !== 'number' ? 'type' : oneOf(kind.values, value) ? null : 'choice';
    case 'matrix': {
      if (!isPlainObject(value)) return 'type';
      for (const row of kind.rows) {
        const cell = value[row];
        if (cell === undefined || cell === null) continue;
        if (typeof cell === 'object') return 'type';
        if (!oneOf(kind.columns, cell)) return 'choice';
      }
      return null;
    }
    case 'multipletext':
      return isPlainObject(value) ? null : 'type';
    case 'paneldynamic':
      if (!Array.isArray(value)) return 'type';
      if (value.length > kind.maxPanels) return 'panels';
      return value.every(isPlainObject) ? null : 'type';
  }
}
