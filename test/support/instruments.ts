/**
 * The instrument files of surveys/ as Instruments, read synchronously, for tests and benchmarks of pure code
 * (validation, display, indicators). The app reads released versions from the database (queries/instruments.ts);
 * these are the same bytes (migration 0011 and the demo seed's release of household v2).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instrument } from '../../src/domain/instrument';

const dir = join(import.meta.dirname, '..', '..', 'surveys');

/** The text of a file in surveys/, e.g. surveyFile('household.v2.json'). */
export const surveyFile = (file: string) => readFileSync(join(dir, file), 'utf8');

function load(slug: string, version: number, renamed: Record<string, string> = {}): Instrument {
  const text = surveyFile(`${slug}.v${version}.json`);
  return { slug, version, hash: createHash('sha256').update(text).digest('hex'), json: JSON.parse(text), renamed };
}

export const instruments: readonly Instrument[] = [
  load('household', 1),
  load('household', 2, { hotline_111: 'knows_111' }),
  load('household', 3, { hotline_111: 'knows_111' }),
  load('commune-checklist', 1),
];

export function findInstrument(slug: string, version: number): Instrument | undefined {
  return instruments.find((i) => i.slug === slug && i.version === version);
}
