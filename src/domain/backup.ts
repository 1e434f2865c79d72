/**
 * The backup file of a device's unsent submissions (written by public/app/field.js, "Xuất tệp sao lưu"):
 * each element of `submissions` is a POST /api/v1/submissions body plus the evaluator who collected it.
 * Pure. Example: backupFile.safeParse({ format: 'moc-backup', formatVersion: 1, submissions: [] }).success → true.
 */
import { z } from 'zod';

export const backupFormat = 'moc-backup';
/** A backup holds at most this many submissions (a device's queue is far smaller). */
export const maxBackupItems = 5000;

export const backupFile = z.object({
  format: z.literal(backupFormat),
  formatVersion: z.literal(1),
  exportedAt: z.string().optional(),
  exportedBy: z.string().optional(),
  // Items are checked one by one by the ingest rules, so one bad item never sinks the others.
  submissions: z.array(z.unknown()).max(maxBackupItems),
});

export type BackupFile = z.infer<typeof backupFile>;

/** The evaluator an item names, if any. */
export function itemEvaluator(item: unknown): string | null {
  if (!item || typeof item !== 'object') return null;
  const evaluator = (item as { evaluator?: unknown }).evaluator;
  return typeof evaluator === 'string' ? evaluator.trim().toLowerCase() : null;
}

/** The item's id for reporting, when it has a usable one. */
export function itemId(item: unknown): string | null {
  if (!item || typeof item !== 'object') return null;
  const id = (item as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}
