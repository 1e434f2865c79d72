/**
 * The backup file of a device's unsent submissions (built by public/app/backup-format.js, "Xuất tệp sao lưu"):
 * each element of `submissions` is a POST /api/v1/submissions body plus the evaluator who collected it.
 * Pure. Example: backupFile.safeParse({ format: 'moc-backup', formatVersion: 1, submissions: [] }).success → true.
 */
import { z } from 'zod';
import { backupFormat, backupFormatVersion } from '../../public/app/backup-format.js';
import type { FieldError } from './errors';
import type { Locale } from './i18n';
import { canonicalSubmissionId } from './submission';

// The name and version are the browser's, which writes the file (public/app/backup-format.js).
export { backupFormat, backupFormatVersion };
/** A backup holds at most this many submissions (a device's queue is far smaller). */
export const maxBackupItems = 5000;

export const backupFile = z.object({
  format: z.literal(backupFormat),
  formatVersion: z.literal(backupFormatVersion),
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

/** The item's id for reporting, when it has a usable one: as it is stored (lower case), cut short if it is long. */
export function itemId(item: unknown): string | null {
  if (!item || typeof item !== 'object') return null;
  const id = (item as { id?: unknown }).id;
  if (typeof id !== 'string') return null;
  return canonicalSubmissionId(id.length > maxReportedIdLength ? `${id.slice(0, maxReportedIdLength)}…` : id);
}

/** A UUID has 36 characters; an id far longer is not one, and the report need not repeat all of it. */
const maxReportedIdLength = 64;

/**
 * Why an item larger than a single send (BODY_LIMIT_BYTES) is refused, naming it by its place in the file.
 * Example: itemTooLarge(3, 1048576, 'en') → { question: 'submissions[3]', message: 'This submission is larger than 1024 KB, …' }.
 */
export function itemTooLarge(index: number, limitBytes: number, locale: Locale): FieldError {
  return { question: `submissions[${index}]`, message: tooLarge[locale](Math.floor(limitBytes / 1024)) };
}

const tooLarge: Record<Locale, (kb: number) => string> = {
  vi: (kb) => `Phiếu này lớn hơn ${kb} KB, giới hạn của một phiếu gửi lên; phiếu không được lưu.`,
  en: (kb) => `This submission is larger than ${kb} KB, the limit of one submission; it was not stored.`,
};
