/** The shape of an incoming submission and the rules that decide what happens to it. Pure. */
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './crypto';

/**
 * A submission id in its one stored form: UUIDs compare case-insensitively, so they are kept lower case.
 * Example: canonicalSubmissionId('3F2A…') → '3f2a…'.
 */
export function canonicalSubmissionId(id: string): string {
  return id.toLowerCase();
}

export const submissionInput = z.object({
  // The same submission resent with its id in upper case is the same submission (a replay), not a new row.
  id: z.string().uuid().transform(canonicalSubmissionId),
  round: z.string().min(1).max(100),
  commune: z.string().regex(/^\d{5}$/, 'a 5-digit GSO commune code'),
  instrument: z.string().min(1).max(100),
  version: z.number().int().positive(),
  answers: z.record(z.unknown()),
  startedAt: z.string().datetime().optional(),
});

export type SubmissionInput = z.infer<typeof submissionInput>;

/** Everything that makes two sends "the same submission"; answers already filtered to the instrument's keys. */
export function contentHash(
  input: Pick<SubmissionInput, 'round' | 'commune' | 'instrument' | 'version'>,
  answers: Record<string, unknown>,
): string {
  return sha256Hex(
    canonicalJson({ round: input.round, commune: input.commune, instrument: input.instrument, version: input.version, answers }),
  );
}
