/** Measuring JSON values without recursion: size in UTF-8 bytes and nesting depth, on plain values. */
import { describe, expect, it } from 'vitest';
import { jsonByteLength, jsonSizeExceeds, pathTooDeep } from '../src/domain/json-limits';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';

const bytesOf = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '');

/** An object nested `depth` levels deep: {a:{a:…{a:'x'}}}, built without recursion. */
function deepObject(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { a: 'x' };
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
}

function deepArray(depth: number): unknown[] {
  let v: unknown[] = ['x'];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

describe('jsonByteLength', () => {
  const values: [string, unknown][] = [
    ['null', null],
    ['booleans', [true, false]],
    ['numbers', [0, -0, 1, -1.5, 1e21, 1e-7, 123456789.125, Number.MAX_SAFE_INTEGER, 5e-324]],
    ['non-finite numbers, written as null', [NaN, Infinity, -Infinity]],
    ['empty containers', [{}, [], [[]], { a: {} }]],
    ['ASCII and escapes', 'quote " backslash \\ slash / tab \t newline \n cr \r bs \b ff \f nul \u0000 unit \u001f del \u007f'],
    ['Vietnamese (2- and 3-byte UTF-8)', 'Thôn Đông, xã Phù Chẩn: trẻ em được bảo vệ'],
    ['astral characters (4 bytes)', '👨‍👩‍👧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢'],
    ['lone surrogates, escaped', ['\ud800', '\udfff', 'a\ud83db', '\ude00\ud83d']],
    ['line and paragraph separators, not escaped', '\u2028\u2029'],
    ['keys that need escaping', { 'a"b': 1, 'ê\n': 2, '': 3 }],
    ['undefined and functions: left out of objects, null in arrays', { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: 1 }],
    ['only skipped entries', { a: undefined }],
    ['a sparse array', [1, , 3]],
    ['toJSON (a Date)', { at: new Date('2026-11-20T09:00:00.000Z') }],
    ['boxed primitives', [new Number(3), new String('é'), new Boolean(false)]],
    ['a household answer', householdAnswers(seededRng(1), { knows111Rate: 0.5 })],
    ['numeric keys, which objects order first', { b: 1, 2: 'x', 1: 'y' }],
  ];

  it.each(values)('agrees with Buffer.byteLength(JSON.stringify(v)) on %s', (_name, value) => {
    expect(jsonByteLength(value)).toBe(bytesOf(value));
  });

  it('agrees on many generated households and on each child', () => {
    const rng = seededRng(7);
    for (let i = 0; i < 200; i++) {
      const answers = householdAnswers(rng, { knows111Rate: 0.5 });
      expect(jsonByteLength(answers)).toBe(bytesOf(answers));
      for (const child of answers.children as unknown[]) expect(jsonByteLength(child)).toBe(bytesOf(child));
    }
  });

  it('writes nothing for a value JSON.stringify leaves out', () => {
    expect(jsonByteLength(undefined)).toBe(0);
    expect(jsonByteLength(() => 1)).toBe(0);
  });

  it('measures values nested far deeper than JSON.stringify can go', () => {
    expect(() => JSON.stringify(deepObject(100_000))).toThrow(RangeError);
    // '{"a":' per level, 'x' quoted, '}' per level.
    expect(jsonByteLength(deepObject(100_000))).toBe(100_000 * 6 + 3);
    expect(jsonByteLength(deepArray(100_000))).toBe(100_000 * 2 + 3);
  });

  it('throws on a cycle, as JSON.stringify does', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => jsonByteLength(a)).toThrow(TypeError);
    // The same object twice, side by side, is no cycle.
    const shared = { y: 'é' };
    expect(jsonByteLength([shared, shared])).toBe(bytesOf([shared, shared]));
  });
});

describe('jsonSizeExceeds', () => {
  it('is false at exactly the limit and true one byte under it', () => {
    for (const value of ['é', { comments: 'Thôn 5' }, [1, 'a', null, { b: [true] }], householdAnswers(seededRng(3), { knows111Rate: 0.5 })]) {
      const size = bytesOf(value);
      expect(jsonSizeExceeds(value, size)).toBe(false);
      expect(jsonSizeExceeds(value, size - 1)).toBe(true);
    }
  });

  it('stops early: a 10 MB answer or 100,000 levels are found too large after reading a little', () => {
    const big = { comments: 'x'.repeat(10 * 1024 * 1024) };
    expect(jsonSizeExceeds(big, 256 * 1024)).toBe(true);
    expect(jsonByteLength(big, 256 * 1024)).toBeGreaterThan(256 * 1024);
    expect(jsonSizeExceeds(deepObject(100_000), 1024)).toBe(true);
    expect(jsonSizeExceeds(Array.from({ length: 1_000_000 }, () => 0), 1024)).toBe(true);
  });

  it('counts bytes, not characters: 2,000 Vietnamese letters are more than 2,000 bytes', () => {
    const comments = 'ệ'.repeat(2000);
    expect(jsonSizeExceeds(comments, 2002)).toBe(true);
    expect(jsonSizeExceeds(comments, 3 * 2000 + 2)).toBe(false);
  });
});

describe('pathTooDeep', () => {
  it('is null for values within the depth, and for scalars', () => {
    expect(pathTooDeep('x', 1)).toBeNull();
    expect(pathTooDeep({ a: [1, { b: 2 }] }, 3)).toBeNull();
    expect(pathTooDeep(householdAnswers(seededRng(2), { knows111Rate: 0.5 }), 4)).toBeNull();
  });

  it('names where a value first nests too deep, shortened', () => {
    expect(pathTooDeep({ a: [1, { b: 2 }] }, 2)).toBe('a[1]');
    expect(pathTooDeep({ answers: { comments: [['x']] } }, 3)).toBe('answers.comments[0]');
    expect(pathTooDeep({ answers: { ok: 1, comments: deepObject(3000) } }, 64)).toBe('answers.comments.a.a…');
    expect(pathTooDeep({ submissions: [{}, { answers: { hamlet: deepArray(100) } }] }, 64)).toBe('submissions[1].answers.hamlet…');
  });

  it('walks 100,000 levels without recursion', () => {
    expect(pathTooDeep(deepArray(100_000), 64)).toBe('[0][0][0][0]…');
    expect(pathTooDeep(deepArray(100_000), 100_000)).toBeNull();
  });
});
