/**
 * The service worker's shell cache is named after a hash of the shell files, so any change to them installs
 * a new worker and a fresh cache. This fails when a shell file changed and public/sw.js's BUILD did not.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../src/db-node';

export function shellBuild(sw: string): { recorded: string; actual: string; files: string[] } {
  const recorded = /const BUILD = '([0-9a-f]+)'/.exec(sw)![1];
  const files = JSON.parse(/const SHELL = (\[[^\]]*\])/.exec(sw)![1].replace(/'/g, '"').replace(/,\s*\]/, ']')) as string[];
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(join(repoRoot, 'public', file)));
  return { recorded, actual: hash.digest('hex').slice(0, 12), files };
}

it('public/sw.js names its shell cache after the current shell files', () => {
  const { recorded, actual, files } = shellBuild(readFileSync(join(repoRoot, 'public', 'sw.js'), 'utf8'));
  expect(files.length).toBeGreaterThan(5);
  expect(recorded, `set BUILD in public/sw.js to '${actual}'`).toBe(actual);
});
