/**
 * Raw SQL in src/queries goes through `statement()` (src/db.ts): Drizzle's D1 batch cannot take `db.run(sql)`
 * with parameters (workerd answered 500 for invitations, assignments and new rounds; test/workers/setup.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', 'src', 'queries');
// batch-template.ts builds its raw statement for libSQL alone and gives D1 the query builder's statement.
const exempt = new Set(['batch-template.ts']);

describe('raw SQL that works in a D1 batch', () => {
  it('has no db.run( in src/queries outside statement()', () => {
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !exempt.has(f))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').map((line, i) => ({ at: `${f}:${i + 1}`, line })))
      .filter(({ line }) => /\bdb\.run\(/.test(line))
      .map(({ at }) => at);
    expect(offenders).toEqual([]);
  });
});
