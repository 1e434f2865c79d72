/** The tables of an export read with plain values (src/domain/exports.ts): columns, labels, versions, personal. */
import { describe, expect, it } from 'vitest';
import { checkSubmissionsQuery, csvRow, type ExportRow, indicatorRows, sheetName, submissionTables } from '../src/domain/exports';
import type { Instrument } from '../src/domain/instrument';
import { findInstrument } from './support/instruments';

const v1 = findInstrument('household', 1)!;
const v2 = findInstrument('household', 2)!;
const v3 = findInstrument('household', 3)!;

const row = (answers: Record<string, unknown>, version = 1): ExportRow => ({
  id: 's1',
  roundId: 'r1',
  receivedAt: '2026-11-20T09:00:00.000Z',
  communeCode: '09649',
  communeVi: 'Phú Châu',
  communeEn: 'Phu Chau',
  evaluator: 'Lan',
  version,
  reviewState: 'approved',
  householdCode: '09649-thon-3-12',
  answers: JSON.stringify(answers),
});

const cell = (tables: ReturnType<typeof submissionTables>, r: ExportRow, header: string) => tables.main.row(r)[tables.main.headers.indexOf(header)];

describe('submission tables', () => {
  it('labels choices (1 matches "1"), several joined, "other" with its text, a matrix a column per row', () => {
    const tables = submissionTables(v3, [v1, v2, v3], 'en', true);
    const r = row({ respondent_relation: 'grandparent', report_channels: ['police', 'other'], 'report_channels-Comment': 'the priest', child_safety: { home: 'safe' } }, 3);
    expect(cell(tables, r, "Respondent's relation to the children [respondent_relation]")).toBe('Grandparent');
    expect(String(cell(tables, r, tables.main.headers.find((h) => h.endsWith('[report_channels]'))!))).toMatch(/^Police.*; .*: the priest$/);
    expect(cell(tables, r, tables.main.headers.find((h) => h.endsWith('[child_safety.home]'))!)).toBe('Safe');
    expect(cell(tables, r, tables.main.headers.find((h) => h.endsWith('[child_safety.school]'))!)).toBeNull();
    const children = tables.repeats.find((t) => t.table === 'children')!;
    const kids = children.rows(row({ children: [{ age: 7, sex: 'female', csc_groups: ['4', 9] }] }, 3));
    expect(kids).toEqual([['s1', 1, ...children.headers.slice(2).map((h) => (h === 'Age (years) [age]' ? 7 : h === 'Sex [sex]' ? 'Girl' : h.endsWith('[csc_groups]') ? '4. Child with disabilities; 9. Child seriously harmed physically or mentally by violence' : null))]]);
  });

  it('fills a renamed question’s column from answers stored on an older version', () => {
    const tables = submissionTables(v3, [v1, v2, v3], 'en', true);
    const header = tables.main.headers.find((h) => h.endsWith('[hotline_111]'))!;
    expect(cell(tables, row({ knows_111: 'yes' }, 1), header)).toBe(cell(tables, row({ hotline_111: 'yes' }, 3), header));
    expect(cell(tables, row({ knows_111: 'yes' }, 1), header)).not.toBeNull();
  });

  it('leaves out personal questions (marked in v3, answers on v1) and the household code without the right', () => {
    const without = submissionTables(v1, [v1, v2, v3], 'en', false);
    expect(without.main.headers.filter((h) => /\[(hamlet|household_number|comments)\]/.test(h) || h === 'Household code')).toEqual([]);
    expect(JSON.stringify(without.main.row(row({ hamlet: 'Xóm Gốc Gạo', household_number: '0427', comments: 'Chị Hoa' })))).not.toMatch(/Gốc Gạo|0427|Chị Hoa|thon-3/);
    const withRight = submissionTables(v1, [v1, v2, v3], 'en', true);
    expect(withRight.main.headers).toContain('Household code');
    expect(withRight.main.headers).toContain('Hamlet / village [hamlet]');
  });

  it('a CSV line is csvRow of the row: formulas, quotes, commas, line breaks, numbers, empties, renamed keys, with and without personal answers', () => {
    const answers = [
      { hamlet: '=HYPERLINK("x")', household_number: '0427', respondent_age: 34, comments: 'a, "b"\nc', report_channels: ['police', 'other'], 'report_channels-Comment': '+the priest', child_safety: { home: 'safe' } },
      { knows_111: 'yes', household_size: -1.5, children: [{ age: 7 }, { age: 9 }], discipline: { shout: 'often' } },
      { hotline_111: 'no', respondent_relation: '@x', hamlet: '' },
      {},
    ];
    for (const personal of [true, false]) {
      for (const locale of ['vi', 'en'] as const) {
        const tables = submissionTables(v3, [v1, v2, v3], locale, personal);
        // Twice: the second time most cells are texts already written.
        for (const [i, a] of [...answers, ...answers].entries()) {
          const r = { ...row(a, i % 4 === 1 ? 1 : 3), id: i % 4 === 3 ? '-1,"id"' : 's1', evaluator: i % 4 === 2 ? 'Lan, Hà' : 'Lan', householdCode: i % 4 === 3 ? null : '09649-thon-3-12' };
          expect(tables.main.csvLine(r)).toBe(csvRow(tables.main.row(r)));
        }
      }
    }
  });

  it('never reads keys an instrument does not ask', () => {
    const tables = submissionTables(v1, [v1], 'vi', true);
    expect(JSON.stringify(tables.main.row(row({ secret_extra: 'không được xuất' })))).not.toContain('không được xuất');
  });

  it('headers in the reader’s language, each with its code', () => {
    const vi = submissionTables(v1 as Instrument, [v1], 'vi', true);
    expect(vi.main.headers[0]).toBe('Mã phiếu');
    expect(vi.main.headers).toContain('Quan hệ của người trả lời với trẻ [respondent_relation]');
  });
});

describe('files', () => {
  it('CSV cells: quoted when needed, formulas defused, numbers as they are', () => {
    expect(csvRow(['a,b', 'say "hi"', 3, null, '=SUM(A1)', 'line\nbreak'])).toBe('"a,b","say ""hi""",3,,\'=SUM(A1),"line\nbreak"\r\n');
  });

  it('CSV cells: every formula start defused, quoted where it also holds a quote, comma or line break; other text as it is', () => {
    expect(csvRow(['+1', '-2', '@a', '\tb', '\rc', '=a,b', 'Thôn 4', 'a-b', 'x=1', '', 0, -1.5])).toBe('\'+1,\'-2,\'@a,\'\tb,"\'\rc","\'=a,b",Thôn 4,a-b,x=1,,0,-1.5\r\n');
  });

  it('sheet names fit Excel: 31 characters, none of []:*?/\\, unique', () => {
    expect(sheetName('a/b [c]: d?')).toBe('a b  c   d');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName('children', new Set(['children']))).toBe('children 2');
  });

  it('a suppressed round carries no figure', () => {
    const def = { id: 'i', nameVi: 'Chỉ số', nameEn: 'Indicator', unit: '%', direction: 'higher-is-better' as const };
    const [shown, hidden] = indicatorRows(def, 80, [
      { roundId: 'a', kind: 'baseline', kindName: 'Baseline', suppressed: false, value: { value: 50, numerator: 5, denominator: 10, n: 10 }, ci: [20, 80], status: 'not-met' },
      { roundId: 'b', kind: 'midterm', kindName: 'Midterm', suppressed: true },
    ], 'en');
    expect(shown).toEqual(['i', 'Indicator', '%', 'higher', 80, 'a', 'Baseline', 50, 20, 80, 5, 10, 10, 'not-met', 'no']);
    expect(hidden).toEqual(['i', 'Indicator', '%', 'higher', 80, 'b', 'Midterm', null, null, null, null, null, null, null, 'yes']);
  });

  it('queries: defaults, and every bad parameter named', () => {
    expect(checkSubmissionsQuery({ round: 'r1' }, 'en')).toEqual({ ok: true, query: { round: 'r1', instrument: 'household', table: 'submissions' } });
    const bad = checkSubmissionsQuery({ instrument: 'Bad Slug', lang: 'fr', counted: 'x' }, 'vi');
    expect(bad.ok ? [] : bad.errors.map((e) => e.question)).toEqual(['round', 'instrument', 'lang', 'counted']);
  });
});
