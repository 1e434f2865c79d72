/**
 * Unfinished surveys and the send queue as the evaluator's pages read them (public/app/drafts.js), with plain
 * values: newest first, which draft is the same household's (the server's household code), how each reads.
 */
import { describe, expect, it } from 'vitest';
import { draftHref, draftOfSameHousehold, draftRows, draftsOf, householdText, newestFirst, onlyNamesHousehold, queueRows, timeInVietnam } from '../public/app/drafts.js';
import { householdCode as browserHouseholdCode } from '../public/app/household-code.js';
import { formatDateTime } from '../src/domain/format';
import { householdCode } from '../src/domain/household';

const draft = (id: string, updatedAt: string, over: Record<string, unknown> = {}) => ({
  id,
  round: 'hn-phu-chau-midterm',
  instrument: 'household',
  version: 1,
  commune: '09649',
  data: {} as Record<string, unknown>,
  pageNo: 0,
  startedAt: '2026-11-30T01:00:00.000Z',
  updatedAt,
  ...over,
});
const names = {
  rounds: { 'hn-phu-chau-midterm': 'Phú Châu — Giữa kỳ' },
  instruments: { household: 'Phiếu khảo sát hộ gia đình' },
  communes: { '09649': 'Phú Châu' },
};

describe('order', () => {
  it('lists the most recently edited first; one never edited since it started by when it started', () => {
    const a = draft('a', '2026-11-30T02:00:00.000Z');
    const b = draft('b', '2026-11-30T03:00:00.000Z');
    const c = { ...draft('c', ''), updatedAt: undefined, startedAt: '2026-11-30T02:30:00.000Z' };
    expect(newestFirst([a, b, c]).map((d) => d.id)).toEqual(['b', 'c', 'a']);
  });
  it('keeps a survey’s own drafts only', () => {
    const mine = draft('mine', '2026-11-30T02:00:00.000Z');
    const otherRound = draft('r', '2026-11-30T05:00:00.000Z', { round: 'hn-phu-chau-baseline' });
    const otherInstrument = draft('i', '2026-11-30T05:00:00.000Z', { instrument: 'commune-checklist' });
    expect(draftsOf([otherRound, mine, otherInstrument], 'hn-phu-chau-midterm', 'household').map((d) => d.id)).toEqual(['mine']);
  });
});

describe('the same household', () => {
  const atDoor = draft('door', '2026-11-30T02:00:00.000Z', { data: { hamlet: 'Thôn Đoài', household_number: '042', respondent_age: 31 } });

  it('finds the draft of the household being typed, whatever the case and spaces', () => {
    const typing = draft('new', '2026-11-30T04:00:00.000Z', { data: { hamlet: ' thôn  đoài ', household_number: '042' } });
    expect(draftOfSameHousehold([atDoor, typing], typing)?.id).toBe('door');
  });
  it('is the household the server links across rounds (one definition of its code)', () => {
    expect(householdCode).toBe(browserHouseholdCode);
    expect(householdCode('09649', { hamlet: ' Thôn  3', household_number: '017' })).toBe('09649|thôn 3|017');
    expect(householdCode('09649', { hamlet: 'Thôn 3', household_number: '  ' })).toBeNull();
  });
  it('is not another commune’s, another survey’s, another number’s, nor the draft itself', () => {
    const same = { data: { hamlet: 'Thôn Đoài', household_number: '042' } };
    expect(draftOfSameHousehold([atDoor], draft('x', '', { ...same, commune: '09650' }))).toBeNull();
    expect(draftOfSameHousehold([atDoor], draft('x', '', { ...same, round: 'hn-phu-chau-baseline' }))).toBeNull();
    expect(draftOfSameHousehold([atDoor], draft('x', '', { data: { hamlet: 'Thôn Đoài', household_number: '043' } }))).toBeNull();
    expect(draftOfSameHousehold([atDoor], atDoor)).toBeNull();
  });
  it('needs commune, hamlet and number', () => {
    expect(draftOfSameHousehold([atDoor], draft('x', '', { data: { hamlet: 'Thôn Đoài' } }))).toBeNull();
    expect(draftOfSameHousehold([atDoor], draft('x', '', { commune: '', data: { hamlet: 'Thôn Đoài', household_number: '042' } }))).toBeNull();
  });
  it('takes the most recently edited of two copies', () => {
    const later = { ...atDoor, id: 'later', updatedAt: '2026-11-30T03:00:00.000Z' };
    expect(draftOfSameHousehold([atDoor, later], draft('x', '', { data: { hamlet: 'Thôn Đoài', household_number: '042' } }))?.id).toBe('later');
  });
  it('knows when answers only name the household (opening its draft instead loses nothing)', () => {
    expect(onlyNamesHousehold({ hamlet: 'Thôn Đoài', household_number: '042' })).toBe(true);
    expect(onlyNamesHousehold({ hamlet: 'Thôn Đoài', children: [], comments: '' })).toBe(true);
    expect(onlyNamesHousehold({})).toBe(true);
    expect(onlyNamesHousehold({ hamlet: 'Thôn Đoài', respondent_age: 31 })).toBe(false);
  });
});

describe('how a draft reads', () => {
  it('names the household as answered so far', () => {
    expect(householdText({ hamlet: 'Thôn Đoài', household_number: '042' })).toBe('Thôn Đoài / 042');
    expect(householdText({ hamlet: '  Thôn   Đoài ' })).toBe('Thôn Đoài');
    expect(householdText({ household_number: 7 })).toBe('7');
    expect(householdText({})).toBe('');
    expect(householdText(undefined)).toBe('');
  });
  it('writes the last edit on Vietnam’s clock as the server does (dd/mm/yyyy HH:mm in Vietnamese)', () => {
    expect(timeInVietnam('2026-11-20T09:05:00.000Z', 'vi')).toBe('20/11/2026 16:05');
    expect(timeInVietnam('2026-11-20T18:30:00.000Z', 'vi')).toBe('21/11/2026 01:30');
    for (const at of ['2026-11-20T09:05:00.000Z', '2026-12-31T17:00:00.000Z', '2027-01-01T00:59:59.000Z']) {
      for (const locale of ['vi', 'en'] as const) expect(timeInVietnam(at, locale)).toBe(formatDateTime(at, locale));
    }
    expect(timeInVietnam(undefined, 'vi')).toBe('');
    expect(timeInVietnam('not a time', 'en')).toBe('');
  });
  it('continues on its survey page with ?draft=', () => {
    expect(draftHref(draft('d 1', ''))).toBe('/rounds/hn-phu-chau-midterm/survey/household?draft=d%201');
  });
  it('lists on the home page with titles and names, newest first; codes where the page has no name', () => {
    const rows = draftRows(
      [
        draft('old', '2026-11-30T02:00:00.000Z', { data: { hamlet: 'Thôn Đoài', household_number: '042' }, pageNo: 2 }),
        draft('new', '2026-11-30T08:00:00.000Z', { round: 'gone-round', commune: '' }),
      ],
      names,
      'vi',
    );
    expect(rows).toEqual([
      { id: 'new', href: '/rounds/gone-round/survey/household?draft=new', instrument: 'Phiếu khảo sát hộ gia đình', round: 'gone-round', commune: '', household: '', page: 1, edited: '30/11/2026 15:00', editedAt: '2026-11-30T08:00:00.000Z' },
      {
        id: 'old',
        href: '/rounds/hn-phu-chau-midterm/survey/household?draft=old',
        instrument: 'Phiếu khảo sát hộ gia đình',
        round: 'Phú Châu — Giữa kỳ',
        commune: 'Phú Châu',
        household: 'Thôn Đoài / 042',
        page: 3,
        edited: '30/11/2026 09:00',
        editedAt: '2026-11-30T02:00:00.000Z',
      },
    ]);
  });
});

describe('the queue on the home page', () => {
  const body = (hamlet: string) => ({ id: 'x', round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: { hamlet, household_number: '1' } });
  it('counts what waits and what was refused, oldest first, without what was sent', () => {
    const queue = queueRows(
      [
        { id: 'b', state: 'waiting', queuedAt: '2026-11-30T03:00:00.000Z', body: body('Thôn B') },
        { id: 's', state: 'sent', queuedAt: '2026-11-30T01:00:00.000Z', body: body('Thôn S') },
        { id: 'a', state: 'rejected', queuedAt: '2026-11-30T02:00:00.000Z', body: body('Thôn A'), problem: { status: 422, title: 'Câu trả lời chưa hợp lệ' } },
        { id: 'correction:9b', kind: 'correction', submission: '9b', state: 'waiting', queuedAt: '2026-11-30T04:00:00.000Z', body: { answers: { hamlet: 'Thôn C', household_number: '2' }, reason: 'Sai tuổi', baseRevision: 1 } },
      ],
      names,
      'vi',
    );
    expect(queue.waiting).toBe(2);
    expect(queue.refused).toBe(1);
    expect(queue.rows.map((r) => [r.id, r.state, r.household, r.problem])).toEqual([
      ['a', 'rejected', 'Thôn A / 1', '422 Câu trả lời chưa hợp lệ'],
      ['b', 'waiting', 'Thôn B / 1', ''],
      ['correction:9b', 'waiting', 'Thôn C / 2', ''],
    ]);
    expect(queue.rows[1]).toMatchObject({ instrument: 'Phiếu khảo sát hộ gia đình', round: 'Phú Châu — Giữa kỳ', commune: 'Phú Châu', queued: '30/11/2026 10:00', correction: false });
    expect(queue.rows[2]).toMatchObject({ correction: true, instrument: '', commune: '' });
  });
  it('is empty when everything was sent', () => {
    expect(queueRows([{ id: 's', state: 'sent', queuedAt: '2026-11-30T01:00:00.000Z', body: body('S') }], names, 'en')).toEqual({ waiting: 0, refused: 0, rows: [] });
  });
});
