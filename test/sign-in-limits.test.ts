/** The sign-in limits' policy and the password check, with plain values (no database, no clock). */
import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  defaultScryptCost,
  hashPassword,
  needsRehash,
  nobleScrypt,
  type ScryptCost,
  type ScryptFn,
  SignInBusyError,
  verifyPassword,
  workersScryptCost,
} from '../src/domain/crypto';
import {
  addressGroup,
  afterSuccess,
  clientAddress,
  defaultSignInLimits,
  type FailureRecord,
  signInKeys,
  signInVerdict,
  waitSeconds,
} from '../src/domain/sign-in-limits';
import { appConfigFrom, parseEnv } from '../src/config';
import { nodeScrypt, oneAtATime } from '../src/scrypt-node';

const limits = defaultSignInLimits;
const t0 = new Date('2026-11-20T09:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** Plays `n` failed attempts on one key set at `when`, as the workflow would store them. */
function fail(records: FailureRecord[], keys: ReturnType<typeof signInKeys>, when: Date) {
  const verdict = signInVerdict(keys, records, when, limits);
  if (verdict.wait) return { records, verdict };
  const next = verdict.reservations.map((r) => r.next);
  return { records: [...records.filter((r) => !next.some((n) => n.key === r.key)), ...next], verdict };
}

describe('sign-in limits (policy)', () => {
  it('waits after the 5th failure of an account, 30 s doubling up to an hour', () => {
    const account = limits.account;
    expect([1, 4, 5, 6, 7, 12, 13, 40].map((f) => waitSeconds(f, account))).toEqual([0, 0, 30, 60, 120, 3600, 3600, 3600]);
    expect(waitSeconds(19, limits.address)).toBe(0);
    expect(waitSeconds(20, limits.address)).toBe(30);
  });

  it('lets 5 attempts through, then asks to wait; a 429 is not a failure; the wait grows', () => {
    const keys = signInKeys('lan@example.org', undefined);
    let records: FailureRecord[] = [];
    for (let i = 0; i < 5; i++) {
      const step = fail(records, keys, at(i));
      expect(step.verdict.wait).toBe(false);
      records = step.records;
    }
    expect(signInVerdict(keys, records, at(5), limits)).toEqual({ wait: true, retryAfterSeconds: 29 });
    expect(signInVerdict(keys, records, at(10), limits)).toEqual({ wait: true, retryAfterSeconds: 24 });
    // Waited out: one more attempt, which fails and doubles the wait.
    records = fail(records, keys, at(34)).records;
    expect(signInVerdict(keys, records, at(35), limits)).toEqual({ wait: true, retryAfterSeconds: 59 });
    // A day after the last failure the record is forgotten: attempts are free again.
    const later = signInVerdict(keys, records, at(94 + 24 * 3600), limits);
    expect(later.wait).toBe(false);
    if (!later.wait) expect(later.reservations[0].next.failures).toBe(1);
  });

  it('counts an address apart from the account, and waits for whichever is locked longer', () => {
    const address = '203.0.113.7';
    let records: FailureRecord[] = [];
    for (let i = 0; i < 20; i++) records = fail(records, signInKeys(`guess${i}@example.org`, address), at(i)).records;
    const fresh = signInVerdict(signInKeys('someone-else@example.org', address), records, at(21), limits);
    expect(fresh).toEqual({ wait: true, retryAfterSeconds: 28 }); // the 20th failure came at 19 s
    expect(signInVerdict(signInKeys('someone-else@example.org', '198.51.100.1'), records, at(21), limits).wait).toBe(false);
  });

  it('reserves with the stored count as it was read (compare-and-set), and undoes only what it did on success', () => {
    const keys = signInKeys('ha@example.org', '192.0.2.5');
    const stored: FailureRecord = { key: keys[1].key, failures: 3, lockedUntil: null, expiresAt: at(100).toISOString() };
    const verdict = signInVerdict(keys, [stored], t0, limits);
    if (verdict.wait) throw new Error('should not wait');
    expect(verdict.reservations.map((r) => [r.expectedFailures, r.next.failures])).toEqual([
      [null, 1],
      [3, 4],
    ]);
    expect(afterSuccess(verdict.reservations)).toEqual([{ forget: keys[0].key }, { key: keys[1].key, restore: stored, ifFailures: 4 }]);
  });

  it('stores neither the email nor the address in clear, and counts an email however it is written', () => {
    const [account, address] = signInKeys(' Lan@Example.org ', '203.0.113.7');
    expect(account.key).toBe(signInKeys('lan@example.org', undefined)[0].key);
    expect(account.key).not.toContain('lan');
    expect(address.key).not.toContain('203');
    expect(signInKeys('lan@example.org', 'not an address')).toHaveLength(1);
  });

  it('groups IPv6 addresses by /64 and reads IPv4-mapped ones as IPv4', () => {
    expect(addressGroup('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('[2001:db8::1]')).toBe('2001:db8:0:0::/64');
    expect(addressGroup('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressGroup('192.0.2.1')).toBe('192.0.2.1');
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect([addressGroup('300.1.1.1'), addressGroup('1::2::3'), addressGroup('evil'), addressGroup('')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('takes the client address from a trusted proxy header (its last entry), else from the peer', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.9, 203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', undefined)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', ' , ')).toBe('10.0.0.2');
    expect(clientAddress(undefined, undefined)).toBeUndefined();
  });
});

describe('sign-in settings', () => {
  it('reads the limits and the trusted proxy header from the environment, and picks the cost per platform', () => {
    const config = appConfigFrom(parseEnv({ SIGNIN_FAILURES_PER_ACCOUNT: '3', SIGNIN_FAILURES_PER_ADDRESS: '50', TRUST_PROXY_HEADER: 'X-Forwarded-For' }));
    expect([config.signInLimits.account.failures, config.signInLimits.address.failures, config.trustProxyHeader]).toEqual([3, 50, 'x-forwarded-for']);
    expect(appConfigFrom(parseEnv({})).trustProxyHeader).toBeUndefined();
    expect(() => parseEnv({ TRUST_PROXY_HEADER: 'X-Forwarded-For: evil' })).toThrow(/TRUST_PROXY_HEADER/);
    // OWASP's N=2^17, r=8, p=1 on Node; its equivalent N=2^14, r=8, p=5 in a Worker's 128 MB.
    expect(config.scrypt).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(defaultScryptCost).toEqual(config.scrypt);
    expect(appConfigFrom(parseEnv({}), 'workers').scrypt).toEqual(workersScryptCost);
    expect(workersScryptCost).toEqual({ N: 2 ** 14, r: 8, p: 5 });
  });
});

/** A ScryptFn that records the cost it is asked for, around the real one. */
function recording(): { scrypt: ScryptFn; costs: ScryptCost[] } {
  const costs: ScryptCost[] = [];
  return { costs, scrypt: (pw, salt, cost, dkLen) => (costs.push(cost), nobleScrypt(pw, salt, cost, dkLen)) };
}

describe('password check', () => {
  const cost = { N: 2 ** 10, r: 8, p: 1 };

  it('does one derivation at the same cost for an account, no account, and a disabled account', async () => {
    const stored = await hashPassword('right-password', cost);
    const known = recording();
    expect(await checkPassword('wrong', stored, cost, known.scrypt)).toBe(false);
    const unknown = recording();
    expect(await checkPassword('wrong', null, cost, unknown.scrypt)).toBe(false);
    const disabled = recording();
    expect(await checkPassword('wrong', 'disabled$abc', cost, disabled.scrypt)).toBe(false);
    expect(known.costs).toEqual([cost]);
    expect(unknown.costs).toEqual(known.costs);
    expect(disabled.costs).toEqual(known.costs);
    expect(await checkPassword('right-password', stored, cost, nobleScrypt)).toBe(true);
  });

  it('verifies a hash at the cost stored in it, and says when it was made at another cost', async () => {
    const old = await hashPassword('pw', { N: 2 ** 9, r: 8, p: 1 });
    expect(await verifyPassword('pw', old)).toBe(true);
    expect(needsRehash(old, cost)).toBe(true);
    expect(needsRehash(await hashPassword('pw', cost), cost)).toBe(false);
    expect(needsRehash('disabled$abc', cost)).toBe(false);
  });

  it('nodeScrypt (worker threads, node:crypto) gives the same keys as the pure-JS one, also at N=2^17', async () => {
    const scrypt = nodeScrypt(2);
    const salt = new Uint8Array(16).fill(7);
    const password = new TextEncoder().encode('Mật khẩu');
    expect(await scrypt(password, salt, cost, 32)).toEqual(await nobleScrypt(password, salt, cost, 32));
    const stored = await hashPassword('pw', cost, scrypt);
    expect(await verifyPassword('pw', stored)).toBe(true);
    // N=2^17, r=8 needs 128 MiB: more than node's default maxmem (32 MiB), which nodeScrypt raises.
    await expect(scrypt(password, salt, { N: 2 ** 17, r: 8, p: 1 }, 32)).resolves.toHaveLength(32);

  });

  it('runs at most `concurrency` derivations at once, the others in turn', async () => {
    let running = 0;
    let most = 0;
    const slow: ScryptFn = async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return new Uint8Array(32);
    };
    const limited = oneAtATime(slow, 2);
    await Promise.all(Array.from({ length: 7 }, () => limited(new Uint8Array(1), new Uint8Array(1), cost, 32)));
    expect(most).toBe(2);
    expect(running).toBe(0);
  });

  it('refuses at once, with SignInBusyError, what would wait beyond `maxWaiting`', async () => {
    const slow: ScryptFn = () => new Promise((resolve) => setTimeout(() => resolve(new Uint8Array(32)), 5));
    const limited = oneAtATime(slow, 1, 2);
    const calls = Array.from({ length: 5 }, () => limited(new Uint8Array(1), new Uint8Array(1), cost, 32).then(() => 'done', (err: unknown) => err));
    const outcomes = await Promise.all(calls);
    expect(outcomes.slice(0, 3)).toEqual(['done', 'done', 'done']);
    expect(outcomes.slice(3).every((o) => o instanceof SignInBusyError)).toBe(true);
  });
});
