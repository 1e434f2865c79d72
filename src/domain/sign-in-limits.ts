/**
 * How many wrong passwords an account and a client address may send before sign-in waits (pure: the caller
 * reads and writes the records, src/workflows/sign-in.ts).
 *
 * Each key (an account, an address) has a record of its failures. Below `failures` nothing waits; the
 * `failures`-th failure in a row locks the key for `firstWaitSeconds`, and each further one doubles the wait,
 * up to `maxWaitSeconds`. A locked key is answered 429 without a password check, and that answer is not a
 * failure (so waiting it out is enough). A record is forgotten `forgetAfterSeconds` after its last failure.
 * A success forgets the account's record but not the address's: one good password must not clear the way
 * for guesses at other accounts from the same address.
 *
 * Unknown emails are counted like known ones, so a 429 says nothing about whether an account exists.
 */
import { sha256Hex } from './crypto';

export interface FailureLimit {
  /** Failures in a row before the first wait, e.g. 5. */
  failures: number;
  firstWaitSeconds: number;
  maxWaitSeconds: number;
  forgetAfterSeconds: number;
}

export interface SignInLimits {
  account: FailureLimit;
  /** Looser than the account's: a commune office or a phone network shares one address among many people. */
  address: FailureLimit;
}

export const defaultSignInLimits: SignInLimits = {
  account: { failures: 5, firstWaitSeconds: 30, maxWaitSeconds: 3600, forgetAfterSeconds: 24 * 3600 },
  address: { failures: 20, firstWaitSeconds: 30, maxWaitSeconds: 3600, forgetAfterSeconds: 24 * 3600 },
};

/** What is kept per key (table sign_in_failures). Times are ISO-8601 strings. */
export interface FailureRecord {
  key: string;
  failures: number;
  lockedUntil: string | null;
  expiresAt: string;
}

export interface LimitedKey {
  key: string;
  kind: 'account' | 'address';
}

/**
 * The keys an attempt counts against: the account (by its email, known or not) and, when known, the client
 * address. Both are stored as hashes: the table holds no email or address in clear.
 * Example: `signInKeys('Lan@Example.org', '203.0.113.7')` → account and address keys.
 */
export function signInKeys(email: string, address: string | undefined): LimitedKey[] {
  const keys: LimitedKey[] = [{ key: `account:${sha256Hex(email.trim().toLowerCase())}`, kind: 'account' }];
  const group = address === undefined ? undefined : addressGroup(address);
  if (group) keys.push({ key: `address:${sha256Hex(group)}`, kind: 'address' });
  return keys;
}

/**
 * The wait after the `failures`-th failure in a row: 0 below the limit, then firstWait, doubling, capped.
 * Example with failures 5, 30 s, 3600 s: 4 → 0, 5 → 30, 6 → 60, 7 → 120, 13 → 3600.
 */
export function waitSeconds(failures: number, limit: FailureLimit): number {
  if (failures < limit.failures) return 0;
  return Math.min(limit.maxWaitSeconds, limit.firstWaitSeconds * 2 ** Math.min(failures - limit.failures, 30));
}

/** Failures that still count at `now` (0 once the record is forgotten). */
export function failuresNow(record: FailureRecord | undefined, now: Date): number {
  return record && Date.parse(record.expiresAt) > now.getTime() ? record.failures : 0;
}

/** A compare-and-set: write `next` if the stored failures are still `expectedFailures` (null: no row yet). */
export interface Reservation {
  key: LimitedKey;
  expectedFailures: number | null;
  next: FailureRecord;
  /** The record as read, to put back when the password turns out right (addresses only). */
  previous: FailureRecord | undefined;
}

export type SignInVerdict = { wait: true; retryAfterSeconds: number } | { wait: false; reservations: Reservation[] };

/**
 * Whether an attempt may check a password now. If so, the attempt is counted as a failure *before* the
 * check (the reservations), so that many attempts sent at once cannot all pass while the first is hashing;
 * a right password then undoes it (`afterSuccess`).
 */
export function signInVerdict(keys: LimitedKey[], records: FailureRecord[], now: Date, limits: SignInLimits): SignInVerdict {
  const byKey = new Map(records.map((r) => [r.key, r]));
  let retryAfterMs = 0;
  for (const k of keys) {
    const record = byKey.get(k.key);
    const lockedUntil = record?.lockedUntil && failuresNow(record, now) > 0 ? Date.parse(record.lockedUntil) : 0;
    retryAfterMs = Math.max(retryAfterMs, lockedUntil - now.getTime());
  }
  if (retryAfterMs > 0) return { wait: true, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
  return {
    wait: false,
    reservations: keys.map((k) => {
      const previous = byKey.get(k.key);
      const limit = limits[k.kind];
      const failures = failuresNow(previous, now) + 1;
      const wait = waitSeconds(failures, limit);
      const lockedUntil = wait > 0 ? new Date(now.getTime() + wait * 1000) : null;
      const expiresAt = new Date((lockedUntil ?? now).getTime() + limit.forgetAfterSeconds * 1000);
      return {
        key: k,
        expectedFailures: previous?.failures ?? null,
        next: { key: k.key, failures, lockedUntil: lockedUntil?.toISOString() ?? null, expiresAt: expiresAt.toISOString() },
        previous,
      };
    }),
  };
}

/** Forget a key's record, or put back `restore` (none: delete) while the key still has `ifFailures`. */
export type SuccessAction = { forget: string } | { key: string; restore: FailureRecord | undefined; ifFailures: number };

/**
 * What a right password does to each reserved key: the account's record is forgotten; the address's goes
 * back to what it was before this attempt (if no other attempt changed it since).
 */
export function afterSuccess(reservations: Reservation[]): SuccessAction[] {
  return reservations.map((r) => (r.key.kind === 'account' ? { forget: r.key.key } : { key: r.key.key, restore: r.previous, ifFailures: r.next.failures }));
}

/** Wait when two attempts on one key race (the loser of the compare-and-set): a second is enough. */
export const raceRetryAfterSeconds = 1;

/**
 * The address whose failures count together: IPv4 as is; IPv6 by its /64 prefix, since one subscriber
 * usually holds a whole /64 and could otherwise take a new address per guess. IPv4-mapped IPv6
 * (`::ffff:192.0.2.1`, as Node reports IPv4 clients of a dual-stack socket) counts as the IPv4 address.
 * Returns undefined for something that is not an address.
 */
export function addressGroup(address: string): string | undefined {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return ipv4(mapped[1]);
  if (!a.includes(':')) return ipv4(a);
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

function ipv4(a: string): string | undefined {
  const parts = a.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number).join('.');
}

/**
 * Who is asking: the connecting peer, or, when a proxy in front of the app is trusted, the address that proxy
 * appended last to its header (`X-Forwarded-For: client, proxy1` → the entry the trusted proxy wrote is the
 * last one). Without the header the peer counts.
 * Example: `clientAddress('10.0.0.2', '198.51.100.9, 203.0.113.7')` → '203.0.113.7'.
 */
export function clientAddress(peer: string | undefined, trustedHeaderValue: string | undefined): string | undefined {
  const entries = (trustedHeaderValue ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  return entries.at(-1) ?? peer;
}
