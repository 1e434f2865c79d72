/**
 * Node-only: scrypt from node:crypto, which derives on libuv's thread pool so that the event loop keeps
 * answering other requests while a password is checked (AppDeps.scrypt; src/node.ts passes it in).
 */
import { scrypt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { ScryptFn } from './domain/crypto';

/** One derivation on the thread pool. node refuses more than 32 MiB unless told: 128·N·r is scrypt's big array. */
const derive: ScryptFn = (password, salt, cost, dkLen) =>
  new Promise((resolve, reject) => {
    const maxmem = 128 * cost.N * cost.r + 256 * cost.r * cost.p + 1024 * 1024;
    scrypt(password, salt, dkLen, { ...cost, maxmem }, (err, key) => (err ? reject(err) : resolve(new Uint8Array(key))));
  });

/**
 * node:crypto's scrypt, at most `concurrency` derivations at once, the rest queued. The thread pool
 * (UV_THREADPOOL_SIZE, 4 by default) also serves file reads, e.g. static assets: leave it at least one
 * thread; and more hashes at once than cores only share the same cores and hold more memory (128 MiB each at
 * N=2^17, r=8).
 */
export function nodeScrypt(concurrency = defaultConcurrency()): ScryptFn {
  return oneAtATime(derive, concurrency);
}

/** `fn` with at most `concurrency` calls running; the others wait their turn in order. */
export function oneAtATime(fn: ScryptFn, concurrency: number): ScryptFn {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished call hands its place straight to the next in line, so that no newcomer slips in between.
  const acquire = () => (running < concurrency ? (running++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (...args) => {
    await acquire();
    try {
      return await fn(...args);
    } finally {
      release();
    }
  };
}

function defaultConcurrency() {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), pool - 1));
}
