/** What `npm start`, `npm run db:migrate` and `npm run db:seed` share: open, migrate, seed. */
import { randomToken } from '../domain/crypto';
import { appConfigFrom, type NodeEnv } from '../config';
import { openNodeDb } from '../db-node';
import { deleteExpiredSessions } from '../queries/sessions';
import { deleteForgottenSignInFailures } from '../queries/sign-in-limits';
import { nodeScrypt } from '../scrypt-node';
import { seedDemoSubmissions } from '../seed/demo';
import { seedProgramme } from '../seed/seed';
import { seedMarkedHousehold } from '../seed/instruments';
import { bringAggregatesUpToDate } from '../workflows/aggregates';
import { demoUsers, seedDemoUsers } from '../seed/users';
import { seedReference } from '../seed/reference';
import { isDemoInstallation } from '../queries/users';

/**
 * `seed`: true seeds the demo programme and accounts (idempotent); 'demo-only' does so only on an installation
 * that is the demo's (empty, or holding the demo accounts), which is what `npm start` does, so that an
 * installation begun with `npm run admin:create` never gets demo accounts. `platform` sets the demo passwords'
 * scrypt cost: 'workers' for a demo copied to D1 (`npm run admin:create -- --d1 --demo`).
 */
export async function prepareDatabase(env: NodeEnv, opts: { seed: boolean | 'demo-only'; platform?: 'node' | 'workers' }) {
  const opened = await openNodeDb(env.DATABASE_PATH);
  await deleteExpiredSessions(opened.db, new Date());
  await deleteForgottenSignInFailures(opened.db, new Date());
  const seed = opts.seed === 'demo-only' ? await isDemoInstallation(opened.db, demoUsers.map((u) => u.email)) : opts.seed;
  if (!seed) {
    await seedReference(opened.db);
    await bringAggregatesUpToDate(opened.db);
    return { ...opened, demoPassword: undefined, created: [] as string[], demo: false };
  }
  await seedProgramme(opened.db);
  // Household v3 marks the personal questions (its marks hold for v1 and v2 answers too: domain/personal.ts).
  await seedMarkedHousehold(opened.db);
  const generated = env.MOC_DEMO_PASSWORD ? undefined : `moc-${randomToken(6)}`;
  const password = env.MOC_DEMO_PASSWORD ?? generated!;
  const created = await seedDemoUsers(opened.db, password, appConfigFrom(env, opts.platform).scrypt, Boolean(env.MOC_DEMO_PASSWORD), nodeScrypt());
  if (env.MOC_SEED_DEMO === 'true') await seedDemoSubmissions(opened.db, new Date());
  // Counts whatever is not yet in the kept indicator sums: demo rows, rows from before they existed.
  await bringAggregatesUpToDate(opened.db);
  // A generated password is only worth printing when it was just given to new accounts.
  const demoPassword = env.MOC_DEMO_PASSWORD ?? (created.length > 0 ? generated : undefined);
  return { ...opened, demoPassword, created, demo: true };
}
