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
