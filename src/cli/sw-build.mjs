// The service worker's shell cache is named after a hash of its shell files (public/sw.js: BUILD, SHELL).
// `npm run sw:build` writes the current hash into public/sw.js; test/offline-shell.test.ts fails when it is stale.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');
export const swPath = join(publicDir, 'sw.js');

/** The BUILD recorded in sw.js and the one its shell files have now. */
export function shellBuild(sw = readFileSync(swPath, 'utf8')) {
  const recorded = /const BUILD = '([0-9a-f]+)'/.exec(sw)[1];
  const files = [...(/const SHELL = \[([^\]]*)\]/.exec(sw)[1].matchAll(/'([^']+)'/g))].map((m) => m[1]);
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(join(publicDir, file)));
  return { recorded, actual: hash.digest('hex').slice(0, 12), files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sw = readFileSync(swPath, 'utf8');
  const { recorded, actual } = shellBuild(sw);
  if (recorded !== actual) writeFileSync(swPath, sw.replace(`const BUILD = '${recorded}'`, `const BUILD = '${actual}'`));
  console.log(`sw.js BUILD ${actual}${recorded === actual ? ' (unchanged)' : ` (was ${recorded})`}`);
}
