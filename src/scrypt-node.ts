/**
 * Node-only: password hashing that never holds up other requests (AppDeps.scrypt; src/node.ts passes it in).
 *
 * node:crypto's async scrypt runs on libuv's thread pool, off the event loop, but at the same priority: on a
 * 2-core machine two hashes at N=2^17 take both cores and /healthz waited for the scheduler (p99 140–270 ms
 * in bench:signin). So each derivation runs, synchronously, in a worker thread of its own pool, and on Linux
 * those threads lower their own priority (nice 19, per thread): the event loop always comes first, hashing
 * takes the CPU that is left. The pool also leaves libuv's thread pool to file reads.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ScryptFn, SignInBusyError } from './domain/crypto';

// Plain CommonJS, evaluated as the worker's script: no file to resolve whether run by tsx or bundled.
const workerScript = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
const { setPriority } = require('node:os');
// On Linux setpriority(PRIO_PROCESS, 0) applies to the calling thread only; elsewhere it would be the whole process.
if (process.platform === 'linux') try { setPriority(19); } catch {}
parentPort.on('message', ({ password, salt, cost, dkLen }) => {
  try {
    // node refuses more than 32 MiB unless told: 128·N·r is the size of scrypt's big array.
    const maxmem = 128 * cost.N * cost.r + 256 * cost.r * cost.p + 1024 * 1024;
    parentPort.postMessage({ key: scryptSync(password, salt, dkLen, { ...cost, maxmem }) });
  } catch (err) {
    parentPort.postMessage({ error: String(err) });
  }
});`;

/**
 * scrypt on `threads` low-priority worker threads (128 MiB each at N=2^17, r=8 while hashing); at most
 * `maxWaiting` derivations wait their turn, more are refused at once (SignInBusyError, 503) instead of
 * queueing for minutes when wrong passwords come faster than the cores can hash them.
 */
export function nodeScrypt(threads = Math.max(1, Math.min(availableParallelism(), 4)), maxWaiting = 16 * threads): ScryptFn {
  const idle: Worker[] = [];
  const spawn = () => {
    const worker = new Worker(workerScript, { eval: true });
    worker.unref();
    return worker;
  };
  const derive: ScryptFn = (password, salt, cost, dkLen) =>
    new Promise((resolve, reject) => {
      const worker = idle.pop() ?? spawn();
      const done = (fn: () => void) => {
        worker.off('message', onMessage).off('error', onError);
        fn();
      };
      const onMessage = (m: { key?: Uint8Array; error?: string }) =>
        done(() => {
          idle.push(worker);
          if (m.key) resolve(new Uint8Array(m.key));
          else reject(new Error(m.error));
        });
      // A thread that died is not reused; the next derivation starts a new one.
      const onError = (err: Error) => done(() => reject(err));
      worker.on('message', onMessage).on('error', onError);
      worker.postMessage({ password, salt, cost, dkLen });
    });
  return oneAtATime(derive, threads, maxWaiting);
}

/** `fn` with at most `concurrency` calls running; up to `maxWaiting` others wait their turn in order. */
export function oneAtATime(fn: ScryptFn, concurrency: number, maxWaiting = Infinity): ScryptFn {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished call hands its place straight to the next in line, so that no newcomer slips in between.
  const acquire = () => {
    if (running < concurrency) return (running++, Promise.resolve());
    if (waiting.length >= maxWaiting) return Promise.reject(new SignInBusyError());
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
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
