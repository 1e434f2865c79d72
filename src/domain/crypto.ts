/**
 * Hashing helpers shared by Node and Workers. Password keys come from a `ScryptFn` the platform passes in
 * (AppDeps.scrypt): Node derives on libuv's thread pool (src/scrypt-node.ts), Workers and tests use the pure-JS
 * `nobleScrypt` here, so both produce the same `scrypt$N$r$p$salt$hash`.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Derives a `dkLen`-byte key; must not hold up other requests while it works. */
export type ScryptFn = (password: Uint8Array, salt: Uint8Array, cost: ScryptCost, dkLen: number) => Promise<Uint8Array>;

/** Thrown by a ScryptFn that has too many derivations waiting already (answered 503 sign_in_busy). */
export class SignInBusyError extends Error {
  constructor() {
    super('too many password checks waiting');
  }
}

/**
 * Node's cost: OWASP's first scrypt setting (Password Storage Cheat Sheet: N=2^17, r=8, p=1), the most
 * memory-hard of its equivalent settings, because memory is what makes scrypt expensive on GPUs and ASICs.
 * It needs 128·N·r = 128 MiB per hash (src/scrypt-node.ts raises node's `maxmem` and runs at most a few at
 * once) and about 0.3–0.7 s of one core, on low-priority threads off the event loop.
 */
export const defaultScryptCost: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/**
 * Workers' cost: OWASP's equivalent setting N=2^14, r=8, p=5. A Worker isolate may use 128 MB in all, so the
 * 128 MiB of N=2^17 cannot fit; 2^14 needs 16 MiB and p=5 makes up the work (the p blocks run one after
 * another in the same 16 MiB).
 */
export const workersScryptCost: ScryptCost = { N: 2 ** 14, r: 8, p: 5 };

/** scrypt in pure JS (@noble/hashes); it yields to the event loop every few milliseconds while it works. */
export const nobleScrypt: ScryptFn = (password, salt, cost, dkLen) => scryptAsync(password, salt, { ...cost, dkLen });

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** A URL-safe random secret, e.g. a session token. */
export function randomToken(bytes = 32): string {
  return bytesToHex(randomBytes(bytes));
}

const keyLength = 32;

/** `scrypt$N$r$p$salt$hash`, so the cost can rise later without breaking stored hashes. */
export async function hashPassword(password: string, cost: ScryptCost = defaultScryptCost, scrypt: ScryptFn = nobleScrypt): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(utf8ToBytes(password.normalize('NFC')), salt, cost, keyLength);
  return ['scrypt', cost.N, cost.r, cost.p, bytesToHex(salt), bytesToHex(key)].join('$');
}

interface StoredHash {
  cost: ScryptCost;
  salt: Uint8Array;
  keyHex: string;
}

/** The parts of a stored hash, or null when it is not one of ours (e.g. a disabled account's `disabled$…`). */
function parseHash(stored: string): StoredHash | null {
  const [scheme, n, r, p, saltHex, keyHex, ...rest] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = Number.isInteger(Math.log2(cost.N)) && cost.N > 1 && cost.N <= 2 ** 20 && Number.isInteger(cost.r) && cost.r >= 1 && cost.r <= 32 && Number.isInteger(cost.p) && cost.p >= 1 && cost.p <= 16;
  if (scheme !== 'scrypt' || rest.length || !sane || !/^([0-9a-f]{2})+$/.test(saltHex ?? '') || !/^[0-9a-f]{64}$/.test(keyHex ?? '')) return null;
  return { cost, salt: hexToBytes(saltHex), keyHex };
}

export async function verifyPassword(password: string, stored: string, scrypt: ScryptFn = nobleScrypt): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await scrypt(utf8ToBytes(password.normalize('NFC')), parsed.salt, parsed.cost, keyLength);
  return constantTimeEqual(bytesToHex(key), parsed.keyHex);
}

// Stands in for an account that does not exist: its key matches no password's (a derived key is never 32 zero bytes in practice).
const dummySaltHex = '6d6f632d6e6f2d737563682d75736572';
const dummyKeyHex = '0'.repeat(keyLength * 2);

/**
 * Checks `password` against `stored`, doing one derivation at `cost` or the stored hash's cost even when
 * there is no account (`stored` null) or it cannot sign in (`disabled$…`), so that the time taken does not
 * tell whether an email has an account.
 * Example: `await checkPassword(pw, user?.passwordHash ?? null, config.scrypt, deps.scrypt)`.
 */
export async function checkPassword(password: string, stored: string | null, cost: ScryptCost, scrypt: ScryptFn): Promise<boolean> {
  const real = stored === null ? null : parseHash(stored);
  const hash = real ? stored! : ['scrypt', cost.N, cost.r, cost.p, dummySaltHex, dummyKeyHex].join('$');
  const matches = await verifyPassword(password, hash, scrypt);
  return real !== null && matches;
}

/** Whether a stored hash was made at another cost than `cost` (it is re-hashed on the next sign-in). */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const parsed = parseHash(stored);
  return parsed !== null && (parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p);
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** JSON with object keys sorted, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}
