// `npm run deploy:check` (.ci/run): builds the Worker as `wrangler deploy` would (--dry-run: offline, no account) and fails
// when its bundle is over Cloudflare's size limit after compression: 3 MiB on the free plan (10 MiB paid; set
// WORKER_GZIP_LIMIT_KIB=10240 for that). Prints the measured size either way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const limitKib = Number(process.env.WORKER_GZIP_LIMIT_KIB ?? 3 * 1024);
const outdir = mkdtempSync(join(tmpdir(), 'moc-worker-'));
try {
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  // The modules uploaded: everything wrangler wrote but its source map and its README.
  const modules = readdirSync(outdir).filter((name) => !name.endsWith('.map') && name !== 'README.md');
  const bytes = modules.map((name) => readFileSync(join(outdir, name)));
  const raw = bytes.reduce((sum, b) => sum + b.length, 0) / 1024;
  const gzip = bytes.reduce((sum, b) => sum + gzipSync(b).length, 0) / 1024;
  const verdict = gzip <= limitKib ? 'within' : 'OVER';
  console.log(`Worker bundle (${modules.join(', ')}): ${raw.toFixed(0)} KiB, ${gzip.toFixed(0)} KiB gzip: ${verdict} the ${limitKib} KiB limit.`);
  if (gzip > limitKib) process.exitCode = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
