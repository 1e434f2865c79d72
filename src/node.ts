/** The Node entry: read the environment, prepare the SQLite file, serve the app on HOST:PORT. */
import { relative } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app';
import { prepareDatabase } from './cli/prepare';
import { appConfigFrom, parseEnv } from './config';
import { repoRoot } from './db-node';
import { demoUsers } from './seed/users';

let env;
try {
  env = parseEnv(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const { db, demoPassword } = await prepareDatabase(env, { seed: true });
const publicRoot = relative(process.cwd(), `${repoRoot}/public`) || '.';
const app = createApp({
  db,
  clock: () => new Date(),
  config: appConfigFrom(env),
  assets: serveStatic({ root: publicRoot, onFound: (path, c) => { if (path.includes('/vendor/')) c.header('Cache-Control', 'public, max-age=86400'); } }),
});

serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => {
  console.log(`Mốc is running at http://${info.address}:${info.port}/`);
  console.log('Demo logins:');
  for (const u of demoUsers) console.log(`  ${u.email.padEnd(24)} (${u.role})`);
  if (demoPassword) console.log(`  password: ${demoPassword}${process.env.MOC_DEMO_PASSWORD ? ' (MOC_DEMO_PASSWORD)' : '  ← generated now and shown once; set MOC_DEMO_PASSWORD to choose your own'}`);
  else console.log('  password: the one printed at first start (set MOC_DEMO_PASSWORD to reset it)');
});
