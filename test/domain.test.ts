import { describe, expect, it } from 'vitest';
import { canSeeRound, canSeeSubmissions, canSubmitTo, everything, type Actor, type Scope } from '../src/domain/access';
import { canonicalJson, hashPassword, verifyPassword } from '../src/domain/crypto';
import { computeIndicator, indicatorCatalogue } from '../src/domain/indicators';
import { contentHash } from '../src/domain/submission';
import { parseEnv } from '../src/config';

const know111 = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;
const cscAssisted = indicatorCatalogue.find((d) => d.id === 'csc-assisted')!;

describe('indicators', () => {
  it('computes a proportion of household answers, ignoring households that did not answer', () => {
    const v = computeIndicator(know111, [{ knows_111: 'yes' }, { knows_111: 'no' }, { knows_111: 'unsure' }, { knows_111: 'yes' }, {}]);
    expect(v).toEqual({ numerator: 2, denominator: 4, value: 50, n: 4 });
  });

  it('computes a ratio of registered counts by summing parts, never averaging percentages', () => {
    // 90/100 and 1/10 average to 50%, but the pooled ratio is 91/110.
    const v = computeIndicator(cscAssisted, [{ csc_assisted: 90, csc_total: 100 }, { csc_assisted: 1, csc_total: 10 }]);
    expect(v).toEqual({ numerator: 91, denominator: 110, value: 82.7, n: 2 });
  });

  it('has no value without a denominator', () => {
    expect(computeIndicator(cscAssisted, [{ csc_assisted: 0, csc_total: 0 }])).toEqual({ numerator: 0, denominator: 0, value: null, n: 0 });
  });
  // Suppression for sponsors: test/disclosure.test.ts.
});

describe('access rules', () => {
  const lan: Actor = { id: 3, role: 'evaluator', name: 'Lan', email: 'e' };
  const ha: Actor = { id: 2, role: 'manager', name: 'Hà', email: 'm' };
  const wv: Actor = { id: 4, role: 'sponsor', name: 'WV', email: 's' };
  const lanScope: Scope = { models: new Set(['hn-phu-chau', 'hn-me-linh']), rounds: new Set(['hn-phu-chau-midterm', 'hn-me-linh-midterm']), communes: new Map([['hn-phu-chau-midterm', new Set(['09649'])], ['hn-me-linh-midterm', new Set(['09010'])]]) };
  const haScope: Scope = { models: new Set(['hn-phu-chau', 'hn-me-linh']), rounds: 'all', communes: 'all' };

  it('lets an evaluator reach only assigned rounds, even in a model they work on', () => {
    expect(canSubmitTo(lan, lanScope, { id: 'hn-me-linh-midterm', modelId: 'hn-me-linh' })).toBe(true);
    expect(canSubmitTo(lan, lanScope, { id: 'hn-me-linh-baseline', modelId: 'hn-me-linh' })).toBe(false);
    expect(canSeeRound(lan, lanScope, { id: 'hn-me-linh-final', modelId: 'hn-me-linh' })).toBe(false);
  });

  it('lets a manager see every round of their models and sponsors never see or send submissions', () => {
    expect(canSeeRound(ha, haScope, { id: 'hn-me-linh-final', modelId: 'hn-me-linh' })).toBe(true);
    expect(canSeeRound(ha, haScope, { id: 'hn-hoa-lam-final', modelId: 'hn-hoa-lam' })).toBe(false);
    expect(canSeeSubmissions(wv)).toBe(false);
    expect(canSubmitTo(wv, everything, { id: 'x', modelId: 'y' })).toBe(false);
  });
});

describe('hashing', () => {
  it('hashes content independently of key order', () => {
    const meta = { round: 'r', commune: '09649', instrument: 'household', version: 1 };
    expect(contentHash(meta, { a: 1, b: { c: 2, d: 3 } })).toBe(contentHash(meta, { b: { d: 3, c: 2 }, a: 1 }));
    expect(contentHash(meta, { a: 1 })).not.toBe(contentHash({ ...meta, commune: '09010' }, { a: 1 }));
    expect(canonicalJson({ b: [2, { z: 1, y: 0 }], a: null })).toBe('{"a":null,"b":[2,{"y":0,"z":1}]}');
  });

  it('verifies a password against its scrypt hash, NFC-normalised', async () => {
    const cost = { N: 2 ** 10, r: 8, p: 1 };
    const stored = await hashPassword('Mật khẩu'.normalize('NFC'), cost);
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('Mật khẩu'.normalize('NFD'), stored)).toBe(true);
    expect(await verifyPassword('mat khau', stored)).toBe(false);
  });
});

describe('configuration', () => {
  it('has the documented defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ HOST: '127.0.0.1', PORT: 8787, DATABASE_PATH: 'data/moc.sqlite' });
  });

  it('names every bad variable in one message', () => {
    expect(() => parseEnv({ PORT: 'eighty', SECURE_COOKIES: 'yes' })).toThrow(/PORT="eighty"[\s\S]*SECURE_COOKIES="yes"/);
  });
});
