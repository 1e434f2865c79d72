/** Hashing helpers shared by Node and Workers (pure JS from @noble/hashes, so both run the same code). */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt minimum (N=2^17, r=8, p=1) is heavy for workerd; 2^15 keeps sign-in near 100 ms. */
export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** A URL-safe random secret, e.g. a session token. */
export function randomToken(bytes = 32): string {
  return bytesToHex(randomBytes(bytes));
}

/** `scrypt$N$r$p$salt$hash`, so the cost can rise later without breaking stored hashes. */
export async function hashPassword(password: string, cost: ScryptCost = defaultScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(utf8ToBytes(password.normalize('NFC')), salt, { ...cost, dkLen: 32 });
  return ['scrypt', cost.N, cost.r, cost.p, bytesToHex(salt), bytesToHex(key)].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltHex, keyHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const key = await scryptAsync(utf8ToBytes(password.normalize('NFC')), hexToBytes(saltHex), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    dkLen: 32,
  });
  return constantTimeEqual(bytesToHex(key), keyHex);
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
