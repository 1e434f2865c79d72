/**
 * One run of kill -9 during concurrent ingest (test/ingest-crash.test.ts once, `npm run bench:reliability` N
 * times): eight clients send submissions to the cluster (two workers, the primary group-commits their writes);
 * once `killAt` are acknowledged every process dies with requests in flight. The file is then checked, the server
 * started again and everything sent resent, as a client that never heard back would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeDb } from '../../src/db-node';
import { integrityCheck } from '../../src/queries/database-file';
import { post, startServer, stateOfFile, submissionBodies, tokenFor } from './server-process';

export interface KillRun {
  /** Submissions sent before the kill, and those answered 201. */
  sent: number;
  acknowledged: number;
  /** Statuses other than 201 before the kill (none expected). */
  unexpected: number[];
  /** Acknowledged but missing from the file after the kill. */
  lost: number;
  /** Stored rows after the kill, how many were left uncounted, and the kept `received` sum minus the rows (0). */
  storedAfterKill: number;
  uncountedAfterKill: number;
  miscountedAfterKill: number;
  /** Resends whose answer was not 200 for a stored submission or 201 for a lost one. */
  wrongResends: number;
  /** After the resends: stored rows, the kept `received` sum minus the rows (duplicates: 0), sent but missing, integrity_check. */
  storedAtEnd: number;
  duplicates: number;
  missingAtEnd: number;
  integrity: string;
}

export async function killDuringIngest(opts: { seed: number; total?: number; killAt?: number; clients?: number }): Promise<KillRun> {
  const { seed, total = 600, killAt = 150, clients = 8 } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'moc-crash-'));
  const databasePath = join(dir, 'moc.sqlite');
  try {
    const bodies = submissionBodies(total, seed);
    const first = await startServer(databasePath);
    const token = await tokenFor(first.port);
    const acknowledged = new Set<string>();
    const unexpected: number[] = [];
    let next = 0;
    let killed = false;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (!killed && next < bodies.length) {
          const body = bodies[next++];
          const res = await post(first.port, '/api/v1/submissions', body, token).catch(() => null);
          if (!res) continue; // the connection died with the server: not acknowledged
          if (res.status !== 201) unexpected.push(res.status);
          else acknowledged.add(body.id);
          if (acknowledged.size >= killAt && !killed) {
            killed = true;
            first.kill();
          }
        }
      }),
    );
    const sent = bodies.slice(0, next);
    const afterKill = await stateOfFile(databasePath);

    const second = await startServer(databasePath);
    const token2 = await tokenFor(second.port);
    const resent = await Promise.all(sent.map((body) => post(second.port, '/api/v1/submissions', body, token2)));
    await second.stop();

    const end = await stateOfFile(databasePath);
    const { db, close } = await openNodeDb(databasePath);
    const integrity = (await integrityCheck(db)).join('; ');
    close();
    return {
      sent: sent.length,
      acknowledged: acknowledged.size,
      unexpected,
      lost: [...acknowledged].filter((id) => !afterKill.ids.has(id)).length,
      storedAfterKill: afterKill.ids.size,
      uncountedAfterKill: afterKill.uncounted,
      miscountedAfterKill: afterKill.received - afterKill.ids.size,
      wrongResends: resent.filter((r, i) => r.status !== (afterKill.ids.has(sent[i].id) ? 200 : 201)).length,
      storedAtEnd: end.ids.size,
      duplicates: end.received - end.ids.size,
      missingAtEnd: sent.filter((b) => !end.ids.has(b.id)).length,
      integrity,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
