/**
 * Registered counts: a commune's administrative figures for a round's period (children under 16, CSC, CSC
 * assisted, abuse reports), the terms of the ratio indicators. Managers enter them with a source and the
 * date they refer to; a commune checklist carries them too. Pure.
 */
import type { Sums } from './aggregates';
import { type IndicatorDef, termOf } from './indicators';

export interface RegisteredFigure {
  id: string;
  nameVi: string;
  nameEn: string;
}

/** The figures ratio indicators read, by the names of the commune checklist's questions. */
export const registeredFigures: readonly RegisteredFigure[] = [
  { id: 'children_under16', nameVi: 'Số trẻ em dưới 16 tuổi', nameEn: 'Children under 16' },
  { id: 'csc_total', nameVi: 'Số trẻ em có hoàn cảnh đặc biệt', nameEn: 'Children in special circumstances' },
  { id: 'csc_assisted', nameVi: 'Số trẻ em có hoàn cảnh đặc biệt được trợ giúp', nameEn: 'Children in special circumstances assisted' },
  { id: 'abuse_reports', nameVi: 'Số tin báo xâm hại trẻ em', nameEn: 'Reports of child abuse' },
  { id: 'abuse_reports_12h', nameVi: 'Số tin báo được can thiệp trong 12 giờ', nameEn: 'Reports with an intervention within 12 hours' },
];

const figureIds = new Set(registeredFigures.map((f) => f.id));

/** The registered figures a checklist's answers carry. Example: { csc_total: 12, other: 3 } → [{ figure: 'csc_total', value: 12 }]. */
export function figuresFromChecklist(answers: Record<string, unknown>): { figure: string; value: number }[] {
  return Object.entries(answers)
    .filter(([name, value]) => figureIds.has(name) && typeof value === 'number' && Number.isInteger(value) && value >= 0)
    .map(([figure, value]) => ({ figure, value: value as number }));
}

/**
 * A ratio indicator's sums over communes, each commune one term of its figures.
 * Example: csc-assisted over [{ csc_total: 10, csc_assisted: 9 }, { csc_total: 5, csc_assisted: 5 }] → 14 of 15.
 */
export function ratioSums(def: IndicatorDef, communes: Iterable<Record<string, number>>): Sums {
  const sums = { numerator: 0, denominator: 0, n: 0, sumSquares: 0 };
  for (const figures of communes) {
    const term = termOf(def, figures);
    if (!term) continue;
    sums.numerator += term.numerator;
    sums.denominator += term.denominator;
    sums.n += 1;
    sums.sumSquares += term.numerator * term.numerator;
  }
  return sums;
}
