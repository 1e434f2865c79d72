/**
 * The seeded test database, runtime-neutral (no node: imports): the programmes of src/seed and the named demo
 * people, with one password at a cheap scrypt cost. test/support/app.ts (Node) and the contract harness on
 * workerd (test/contract/workerd.ts) both seed through `seedForTests`.
 */
import type { Db } from '../../src/db';
import type { ScryptCost } from '../../src/domain/crypto';
import { seedProgramme } from '../../src/seed/seed';
import { seedDemoUsers } from '../../src/seed/users';

export const testPassword = 'test-password-123';

/** Cheap hashing keeps sign-in fast in tests; production uses defaultScryptCost (workersScryptCost on Workers). */
export const testScrypt: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

/** The people of the demo, by the role they play in a test. */
export const people = {
  admin: 'admin@example.org',
  managerHa: 'manager@example.org',
  evaluatorLan: 'evaluator@example.org',
  /** Assigned to the same rounds as Lan. */
  evaluatorMinh: 'evaluator2@example.org',
  sponsorWorldVision: 'sponsor@example.org',
} as const;

/** Programmes, models, rounds, instruments, targets (seedProgramme) and the demo people with `testPassword`. */
export async function seedForTests(db: Db): Promise<void> {
  await seedProgramme(db);
  await seedDemoUsers(db, testPassword, testScrypt, false);
}
