/** The pure part of public/app/typed.js: which typed fields survive signing in again, and for which page. */
import { describe, expect, it } from 'vitest';
import { formKey, keeps, toRestore, typedMaxAgeMs } from '../public/app/typed.js';

const fields = [{ form: '#counts', name: 'count-09649-csc_total', value: '57' }];
const saved = (page: string, at: number, f: unknown = fields) => JSON.stringify({ page, at, fields: f });

describe('keeps', () => {
  it('keeps what the reader typed or chose, never a password, the form token or a file', () => {
    expect(keeps('text', 'count-09649-csc_total')).toBe(true);
    expect(keeps('textarea', 'comment')).toBe(true);
    expect(keeps('select-one', 'state')).toBe(true);
    expect(keeps('checkbox', 'approve')).toBe(true);
    expect(keeps('password', 'password')).toBe(false);
    expect(keeps('hidden', 'csrf')).toBe(false);
    expect(keeps('file', 'backup')).toBe(false);
    expect(keeps('submit', 'go')).toBe(false);
    expect(keeps('text', '')).toBe(false);
  });
});

describe('formKey', () => {
  it('names a form by its id, else by its place on the page', () => {
    expect(formKey('counts', 3)).toBe('#counts');
    expect(formKey('', 3)).toBe('form 3');
  });
});

describe('toRestore', () => {
  const now = 1_000_000_000;
  it('gives back the fields kept for the same page (path and query)', () => {
    expect(toRestore(saved('/rounds/r1/counts', now - 60_000), '/rounds/r1/counts', now)).toEqual(fields);
    expect(toRestore(saved('/rounds/r1/counts?x=1', now), '/rounds/r1/counts?x=1', now)).toEqual(fields);
  });
  it('gives nothing for another page, after the wait, from the future, or for what is not ours', () => {
    expect(toRestore(saved('/rounds/r1/counts', now), '/rounds/r2/counts', now)).toEqual([]);
    expect(toRestore(saved('/rounds/r1/counts', now), '/rounds/r1/counts?x=1', now)).toEqual([]);
    expect(toRestore(saved('/a', now - typedMaxAgeMs - 1), '/a', now)).toEqual([]);
    expect(toRestore(saved('/a', now + 1), '/a', now)).toEqual([]);
    expect(toRestore(null, '/a', now)).toEqual([]);
    expect(toRestore('{not json', '/a', now)).toEqual([]);
    expect(toRestore(saved('/a', now, 'x'), '/a', now)).toEqual([]);
    expect(toRestore(saved('/a', now, [null, { form: '#f', name: 'n', value: 3 }, ...fields]), '/a', now)).toEqual(fields);
  });
});
