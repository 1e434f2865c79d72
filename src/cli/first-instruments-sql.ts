/**
 * The SQL of migration 0011 that puts the first instrument versions (surveys/household.v1.json and
 * surveys/commune-checklist.v1.json) into every database, byte for byte, so that a fresh installation (Node or
 * D1 via `wrangler d1 migrations apply`) has them without demo data. Later versions are uploaded and released
 * (src/workflows/instruments.ts); the demo seed releases household v2 that way.
 * `npx tsx src/cli/first-instruments-sql.ts` prints the statements that were appended to the migration.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../db-node';
import { titlesOf } from '../domain/instrument';

/** The first versions, as released on 2026-11-25 (the day they were added to surveys/). */
export const firstVersions = [
  { slug: 'household', version: 1, file: 'household.v1.json' },
  { slug: 'commune-checklist', version: 1, file: 'commune-checklist.v1.json' },
] as const;

const releasedAt = '2026-11-25T03:41:07.000Z';
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function firstInstrumentsSql(): string {
  const released = JSON.parse(readFileSync(join(repoRoot, 'surveys', 'released.json'), 'utf8')) as Record<string, string>;
  return firstVersions
    .map(({ slug, version, file }) => {
      const text = readFileSync(join(repoRoot, 'surveys', file), 'utf8');
      const hash = createHash('sha256').update(text, 'utf8').digest('hex');
      if (hash !== released[file]) throw new Error(`surveys/${file} is not the released file (hash ${hash})`);
      const titles = titlesOf(JSON.parse(text), slug);
      const values = [literal(slug), String(version), literal(titles.vi), literal(titles.en), literal(text), literal(hash), "'{}'", literal(releasedAt), 'NULL'];
      return `INSERT INTO \`instruments\` (\`slug\`, \`version\`, \`title_vi\`, \`title_en\`, \`json\`, \`hash\`, \`renamed\`, \`released_at\`, \`released_by\`) VALUES (${values.join(', ')});`;
    })
    .join('--> statement-breakpoint\n');
}

if (process.argv[1]?.endsWith('first-instruments-sql.ts')) console.log(firstInstrumentsSql());
