/** The demo accounts of README, with their scopes. */
import { and, eq, inArray, like } from 'drizzle-orm';
import * as s from '../../db/schema';
import { atomically, type Db } from '../db';
import type { Role } from '../domain/access';
import { assignEveryCommune } from '../queries/assignments';
import { insertsThatFit } from '../queries/bound';
import { hashPassword, nobleScrypt, randomToken, type ScryptCost, type ScryptFn, verifyPassword } from '../domain/crypto';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  organisationId?: string;
}

export const demoUsers: DemoUser[] = [
  { email: 'admin@example.org', name: 'Quản trị viên', role: 'admin' },
  { email: 'manager@example.org', name: 'Nguyễn Thu Hà', role: 'manager', organisationId: 'hanoi-dolisa' },
  { email: 'evaluator@example.org', name: 'Trần Thị Lan', role: 'evaluator' },
  { email: 'evaluator2@example.org', name: 'Lê Văn Minh', role: 'evaluator' },
  { email: 'sponsor@example.org', name: 'World Vision (demo)', role: 'sponsor', organisationId: 'world-vision' },
];

/** The account synthetic submissions are attributed to; it has no usable password. */
export const syntheticEvaluator: DemoUser = { email: 'synthetic@example.invalid', name: 'Dữ liệu mô phỏng', role: 'evaluator' };

/**
 * Creates the demo accounts that are missing (with `password`) and, when `resetPassword`, sets it on existing
 * ones. Returns the emails it created.
 */
export async function seedDemoUsers(db: Db, password: string, cost: ScryptCost, resetPassword: boolean, scrypt: ScryptFn = nobleScrypt): Promise<string[]> {
  const existing = await db.select().from(s.users).where(inArray(s.users.email, demoUsers.map((u) => u.email)));
  const created: string[] = [];
  for (const u of demoUsers) {
    const found = existing.find((e) => e.email === u.email);
    if (!found) {
      await db.insert(s.users).values({ ...u, passwordHash: await hashPassword(password, cost, scrypt) }).onConflictDoNothing();
      created.push(u.email);
    } else if (resetPassword && !(await verifyPassword(password, found.passwordHash, scrypt))) {
      await db.update(s.users).set({ passwordHash: await hashPassword(password, cost, scrypt) }).where(eq(s.users.id, found.id));
    }
  }
  await db
    .insert(s.users)
    .values({ ...syntheticEvaluator, passwordHash: `disabled$${randomToken(8)}` })
    .onConflictDoNothing();
  await grantDemoScopes(db);
  return created;
}

async function grantDemoScopes(db: Db) {
  const users = await db.select({ id: s.users.id, email: s.users.email }).from(s.users);
  const id = (email: string) => users.find((u) => u.email === email)!.id;
  const hanoiModels = await db.select({ id: s.models.id }).from(s.models).where(like(s.models.id, 'hn-%'));
  const openRounds = await db
    .select({ id: s.rounds.id })
    .from(s.rounds)
    .where(and(inArray(s.rounds.modelId, ['hn-phu-chau', 'hn-me-linh']), eq(s.rounds.status, 'open')));
  await atomically(db, [
    ...insertsThatFit(db, s.userModels, hanoiModels.map((m) => ({ userId: id('manager@example.org'), modelId: m.id }))),
    db.insert(s.userModels).values({ userId: id('sponsor@example.org'), modelId: 'yb-service-pilot' }).onConflictDoNothing(),
    // Both evaluators work the same rounds: each reads only the submissions they sent.
    ...insertsThatFit(db, s.roundAssignments, openRounds.flatMap((r) => ['evaluator@example.org', 'evaluator2@example.org'].map((email) => ({ userId: id(email), roundId: r.id })))),
    // In every commune of those rounds.
    assignEveryCommune(db, ['evaluator@example.org', 'evaluator2@example.org'].map(id), openRounds.map((r) => r.id)),
  ]);
}
