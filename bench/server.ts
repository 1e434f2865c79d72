/**
 * The app as the benchmark drives it: a fresh file database, seeded, served over HTTP in its own process so
 * that the load generator does not share its event loop. Prints `READY <port>` when listening.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../src/app';
import { appConfigFrom, parseEnv } from '../src/config';
import { prepareDatabase } from '../src/cli/prepare';

const env = parseEnv({ ...process.env, MOC_SEED_DEMO: 'false', MOC_DEMO_PASSWORD: 'bench-password' });
const { db } = await prepareDatabase(env, { seed: true });
const app = createApp({ db, clock: () => new Date(), config: appConfigFrom(env) });
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(`READY ${info.port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
