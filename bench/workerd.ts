/**
 * The Worker on local workerd for the benchmarks, in a process of its own so that the kernel can say what CPU
 * it used: wrangler's deploy bundle (`wrangler deploy --dry-run`, nothing uploaded) served by the workerd binary
 * Miniflare runs, with wrangler.toml's compatibility settings and vars; its D1 binding is workerd's own D1
 * client (cloudflare-internal:d1-api, as on Cloudflare) over HTTP to a local D1 in a second workerd process
 * (bench/local-d1.ts). In one process, as `wrangler dev` runs it, local D1 would add ~1–2 ms of CPU per query
 * to the Worker's thread, work that is not the Worker's on Cloudflare.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../src/db-node';
import { projectAt, run } from './project';
import { type D1Usage, type LocalD1, startLocalD1 } from './local-d1';
import { cpuOf, running } from './proc-cpu';

// wrangler is imported untyped, like miniflare in ./local-d1.ts (its declarations pull in workers-types' .ts).
interface WorkerOptions {
  compatibilityDate?: string;
  compatibilityFlags?: string[];
  bindings?: Record<string, unknown>;
  d1Databases?: Record<string, unknown>;
  [option: string]: unknown;
}
// Offline: no usage metrics, no fetch of Request.cf's data (also for the wrangler this spawns).
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
const untyped = (specifier: string) => import(specifier);
const { unstable_getMiniflareWorkerOptions } = (await untyped('wrangler')) as {
  unstable_getMiniflareWorkerOptions(configPath: string): { workerOptions: WorkerOptions };
};
const workerdBinary: string = process.env.MINIFLARE_WORKERD_PATH ?? createRequire(import.meta.url)('workerd').default;

/** CPU time used so far, in nanoseconds: the Worker's workerd (all threads, main thread) and local D1's. */
export interface CpuReading {
  worker: number;
  workerMain: number;
  d1: number;
}

export interface LocalWorker {
  /** Which code runs: the working tree, or the git revision it was exported from. */
  source: string;
  url: string;
  /** Resolves once no thread of either process runs (or after `maxMs`), so that a reading is whole. */
  settle(maxMs?: number): Promise<void>;
  cpu(): CpuReading;
  /** How many requests the Worker has made to D1 so far (a batch is one), and the rows they read and wrote. */
  d1Usage(): Promise<D1Usage>;
  dispose(): Promise<void>;
}

/** wrangler's deploy bundle of the project's Worker, written to `outdir` as worker.js. */
function bundleWorker(project: string, outdir: string) {
  // wrangler keeps its scratch files in <project>/.wrangler/tmp: leave no empty folders behind (and nothing else
  // touched, since a test run may be using .wrangler at the same time).
  const scratch = join(project, '.wrangler');
  const hadScratch = existsSync(scratch);
  try {
    run(join(repoRoot, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir], project);
  } finally {
    for (const folder of hadScratch ? [] : [join(scratch, 'tmp'), scratch]) {
      try {
        rmdirSync(folder);
      } catch {
        // not empty, or gone
      }
    }
  }
}

/** A workerd config serving worker.js with `options` (wrangler.toml's), its D1 bindings sent to `d1Host`. */
function workerdConfig(options: WorkerOptions, d1Host: string): string {
  const { compatibilityDate, compatibilityFlags, bindings, d1Databases, ...others } = options;
  const unsupported = ['kvNamespaces', 'r2Buckets', 'durableObjects', 'serviceBindings', 'queueProducers'].filter((k) => Object.keys(others[k] ?? {}).length > 0);
  if (unsupported.length) throw new Error(`bench/workerd.ts provides vars and D1 only, not wrangler.toml's ${unsupported.join(', ')}`);
  const q = JSON.stringify;
  const vars = Object.entries(bindings ?? {}).map(([name, value]) =>
    typeof value === 'string' ? `(name = ${q(name)}, text = ${q(value)})` : `(name = ${q(name)}, json = ${q(q(value))})`,
  );
  const databases = Object.keys(d1Databases ?? {}).map(
    (name) => `(name = ${q(name)}, wrapped = (moduleName = "cloudflare-internal:d1-api", innerBindings = [(name = "fetcher", service = "d1")]))`,
  );
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker), (name = "d1", external = (address = ${q(d1Host)}, http = ()))],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = ${q(compatibilityDate)},
  compatibilityFlags = [${(compatibilityFlags ?? []).map((f) => q(f)).join(', ')}],
  bindings = [${[...vars, ...databases].join(', ')}],
);
`;
}

/** The port `child` (workerd with --control-fd=3) listens on for HTTP. */
function listening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('workerd did not listen within 60 s')), 60_000);
    child.on('exit', (code) => reject(new Error(`workerd exited with ${code}`)));
    createInterface({ input: child.stdio[3] as NodeJS.ReadableStream }).on('line', (line) => {
      const event = JSON.parse(line);
      if (event.event === 'listen' && event.socket === 'http') {
        clearTimeout(timer);
        resolve(event.port);
      }
    });
  });
}

/** Starts the Worker of the working tree, or of git revision `ref`, on workerd over a migrated, seeded local D1. */
export async function startLocalWorker(opts: { ref?: string } = {}): Promise<LocalWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'moc-bench-workers-'));
  let d1: LocalD1 | undefined;
  let worker: ChildProcess | undefined;
  // Miniflare stops its own workerd on exit and on signals; the Worker's workerd and `dir` are ours.
  const stopWorker = () => {
    worker?.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = (signal: NodeJS.Signals) => {
    stopWorker();
    process.kill(process.pid, signal);
  };
  const dispose = async () => {
    process.off('exit', stopWorker).off('SIGINT', interrupted).off('SIGTERM', interrupted);
    worker?.kill();
    await d1?.dispose();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopWorker).once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const { project, source } = projectAt(opts.ref, dir);
    const bundle = join(dir, 'bundle');
    bundleWorker(project, bundle);
    const options = unstable_getMiniflareWorkerOptions(join(project, 'wrangler.toml')).workerOptions;
    const local = (d1 = await startLocalD1(project, dir, options.compatibilityDate!));
    writeFileSync(join(bundle, 'config.capnp'), workerdConfig(options, local.host));
    const child = (worker = spawn(workerdBinary, ['serve', join(bundle, 'config.capnp'), '--control-fd=3'], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] }));
    const port = await listening(child);
    return {
      source,
      url: `http://127.0.0.1:${port}`,
      settle: async (maxMs = 200) => {
        const until = performance.now() + maxMs;
        while ((running(child.pid!) || running(local.pid)) && performance.now() < until) await new Promise((r) => setTimeout(r, 1));
      },
      cpu: () => {
        const w = cpuOf(child.pid!);
        return { worker: w.all, workerMain: w.main, d1: cpuOf(local.pid).all };
      },
      d1Usage: local.usage,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
