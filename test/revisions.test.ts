/** The pure parts of corrections (src/domain/revisions.ts), with plain values. */
import { describe, expect, it } from 'vitest';
import { changedAnswers, changeValueText, correctionReason, keepPersonal, maskChanges } from '../src/domain/revisions';

const fields = { keys: new Set(['hamlet']), panels: new Map([['children', { keys: new Set(['name']), panels: new Map() }]]) };

describe('changedAnswers', () => {
  it('lists each changed answer old → new, none for equal answers', () => {
    expect(changedAnswers({ a: 1, b: 'x', c: [1, 2] }, { a: 1, b: 'y', c: [1, 2] })).toEqual([{ question: 'b', old: 'x', new: 'y' }]);
    expect(changedAnswers({ a: { y: 1, x: 2 } }, { a: { x: 2, y: 1 } })).toEqual([]);
  });
  it('names answers added and dropped with null on the other side', () => {
    expect(changedAnswers({ a: 1 }, { b: 2 })).toEqual([
      { question: 'b', old: null, new: 2 },
      { question: 'a', old: 1, new: null },
    ]);
  });
  it('a checkbox list is one answer', () => {
    expect(changedAnswers({ c: ['a'] }, { c: ['a', 'b'] })).toEqual([{ question: 'c', old: ['a'], new: ['a', 'b'] }]);
  });
  it('goes into dynamic panels entry by entry, and object answers key by key', () => {
    const before = { children: [{ age: 3, sex: 'f' }, { age: 5 }, { age: 9 }], m: { r1: 'a', r2: 'b' } };
    const after = { children: [{ age: 3, sex: 'f' }, { age: 5 }, { age: 10 }, { age: 1 }], m: { r1: 'a', r2: 'c' } };
    expect(changedAnswers(before, after)).toEqual([
      { question: 'children[2].age', old: 9, new: 10 },
      { question: 'children[3]', old: null, new: { age: 1 } },
      { question: 'm.r2', old: 'b', new: 'c' },
    ]);
  });
  it('a panel answered for the first time is each entry added', () => {
    expect(changedAnswers({}, { children: [{ age: 2 }] })).toEqual([{ question: 'children[0]', old: null, new: { age: 2 } }]);
  });
});

describe('maskChanges', () => {
  it('masks personal questions, also inside panels, and leaves the rest', () => {
    const changes = [
      { question: 'hamlet', old: 'Thôn 1', new: 'Thôn 2' },
      { question: 'hamlet-Comment', old: null, new: 'x' },
      { question: 'children[1].name', old: 'An', new: 'Ân' },
      { question: 'children[1].age', old: 3, new: 4 },
      { question: 'children[2]', old: null, new: { name: 'Bình' } },
      { question: 'age', old: 1, new: 2 },
    ];
    expect(maskChanges(changes, fields)).toEqual([
      { question: 'hamlet', old: '•••', new: '•••' },
      { question: 'hamlet-Comment', old: null, new: '•••' },
      { question: 'children[1].name', old: '•••', new: '•••' },
      { question: 'children[1].age', old: 3, new: 4 },
      { question: 'children[2]', old: null, new: '•••' },
      { question: 'age', old: 1, new: 2 },
    ]);
  });
});

describe('keepPersonal', () => {
  it('keeps the stored personal answers a masked reader sent back as •••', () => {
    const stored = { hamlet: 'Thôn 1', age: 7, children: [{ name: 'An', age: 3 }] };
    const sent = { hamlet: '•••', age: 8, children: [{ name: '•••', age: 4 }, { name: '•••', age: 1 }] };
    expect(keepPersonal(stored, sent, fields)).toEqual({ hamlet: 'Thôn 1', age: 8, children: [{ name: 'An', age: 4 }, { age: 1 }] });
  });
  it('drops a personal answer that was not stored', () => {
    expect(keepPersonal({}, { hamlet: '•••' }, fields)).toEqual({});
  });
});

describe('reason and display', () => {
  it('a reason is required and trimmed', () => {
    expect(correctionReason('  sai tuổi ')).toBe('sai tuổi');
    expect(correctionReason('   ')).toBeNull();
    expect(correctionReason(3)).toBeNull();
  });
  it('values read plainly', () => {
    expect(changeValueText(null)).toBe('—');
    expect(changeValueText(['a', 'b'])).toBe('a, b');
    expect(changeValueText({ age: 1 })).toBe('{"age":1}');
    expect(changeValueText(false)).toBe('false');
  });
});

describe('corrections in the field queue (public/app/corrections.js)', async () => {
  const { correctionItem, correctionPage, isCorrection, startingPoint } = await import('../public/app/corrections.js');
  const now = new Date('2026-11-20T09:00:00.000Z');
  const item = correctionItem('9b2f', { answers: { age: 8 }, reason: 'Sai tuổi', baseRevision: 1 }, '/submissions/9b2f', now);
  it('is a PUT item of its own key, waiting', () => {
    expect(item).toMatchObject({ id: 'correction:9b2f', kind: 'correction', submission: '9b2f', method: 'PUT', state: 'waiting', queuedAt: now.toISOString() });
    expect(isCorrection(item)).toBe(true);
    expect(isCorrection({ ...item, kind: undefined })).toBe(false);
    expect(correctionPage(item)).toBe('/submissions/9b2f/edit');
  });
  it('the page starts from an unsent or refused correction of the same revision, else from what is stored', () => {
    expect(startingPoint([item], '9b2f', 1, { age: 7 })).toMatchObject({ answers: { age: 8 }, reason: 'Sai tuổi' });
    expect(startingPoint([{ ...item, state: 'rejected' }], '9b2f', 1, { age: 7 }).answers).toEqual({ age: 8 });
    expect(startingPoint([{ ...item, state: 'sent' }], '9b2f', 1, { age: 7 })).toEqual({ answers: { age: 7 }, reason: '', item: null });
    expect(startingPoint([item], '9b2f', 2, { age: 9 }).answers).toEqual({ age: 9 });
    expect(startingPoint([item], 'other', 1, { age: 7 }).answers).toEqual({ age: 7 });
  });
});

describe('offline kit', async () => {
  const { offlineKit } = await import('../src/domain/offline-kit');
  const lan = { id: 3, role: 'evaluator' as const, name: 'Lan', email: 'l@x' };
  it('keeps the correction page and instrument of each submission with issues, and their list', () => {
    const urls = offlineKit(lan, [{ id: 'r1' }], [{ roundId: 'r1', slug: 'household', version: 2 }], [{ id: 's1', instrumentSlug: 'household', instrumentVersion: 1 }]);
    expect(urls).toEqual(['/', '/field/issues.json', '/rounds/r1/households.json', '/rounds/r1/survey/household', '/instruments/household/v2.json', '/submissions/s1/edit', '/instruments/household/v1.json']);
    expect(offlineKit({ ...lan, role: 'manager' }, [{ id: 'r1' }], [], [{ id: 's1', instrumentSlug: 'household', instrumentVersion: 1 }])).toEqual([]);
  });
});
