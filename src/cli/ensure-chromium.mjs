// Makes sure the browser tests have Debian's Chromium (Playwright's own download cannot work here).
// Installs it when running as root with apt-get, else fails with the exact command to run.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const command = 'apt-get update && apt-get install -y chromium';

if (existsSync(path)) process.exit(0);
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${path} does not exist.`);
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(`The browser tests need Chromium at ${path}. Install it with:\n  sudo sh -c '${command}'\nor set CHROMIUM_PATH to a Chromium binary.`);
  process.exit(1);
}
console.log(`Installing Chromium for the browser tests: ${command}`);
execSync(command, { stdio: 'inherit', shell: '/bin/bash', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
