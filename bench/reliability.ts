/**
 * `npm run bench:reliability`: the kill -9 scenario of test/ingest-crash.test.ts (test/support/kill-scenario.ts)
 * BENCH_RUNS times (3): eight clients ingest into the cluster, every server process is killed once 150
 * submissions are acknowledged, then the server starts again and every sent submission is resent. Prints per
 * run: sent, acknowledged, lost (acknowledged but not in the file), duplicates (rows counted more than once),
 * missing after the resends, wrong answers to resends, integrity_check. Exits 1 if any run lost or doubled one.
 */
import { killDuringIngest } from '../test/support/kill-scenario';
import { killServers } from '../test/support/server-process';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const killAt = Number(process.env.BENCH_KILL_AT ?? 150);
let failed = false;
console.log('run  sent  acknowledged  lost  duplicates  missing-after-resend  wrong-resends  integrity   seconds');
try {
  for (let i = 1; i <= runs; i++) {
    const t0 = performance.now();
    const r = await killDuringIngest({ seed: 1000 + i, killAt });
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const bad = r.lost + r.duplicates + r.missingAtEnd + r.wrongResends + r.uncountedAfterKill + Math.abs(r.miscountedAfterKill) + r.unexpected.length > 0 || r.integrity !== 'ok';
    failed ||= bad;
    const cells = [i, r.sent, r.acknowledged, r.lost, r.duplicates, r.missingAtEnd, r.wrongResends, r.integrity, seconds];
    const widths = [3, 5, 13, 5, 11, 21, 14, 10, 9];
    console.log(cells.map((c, j) => String(c).padStart(widths[j])).join(' ') + (bad ? `  FAILED ${JSON.stringify(r)}` : ''));
  }
} finally {
  killServers();
}
if (failed) process.exit(1);
