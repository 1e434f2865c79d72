/** The shape of an incoming submission and the rules that decide what happens to it. Pure. */
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './crypto';

export const submissionInput = z.object({
  id: z.string().uuid(),
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
