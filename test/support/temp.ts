/**
 * Temporary folders of a test file (databases, browser profiles, downloads): made here, and all deleted after
 * the file by test/support/cleanup.ts, after the file's own afterAll hooks have closed what uses them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty folder under the system's temp folder, e.g. tempDir('moc-profile-'). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
