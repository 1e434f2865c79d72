// @ts-check
// The backup file of a device's unsent surveys ("Xuất tệp sao lưu" in the field bar), as pure functions of plain
// values: built from the queue's items, and read back when imported on this or another device. The server
// imports the same file (/imports, src/domain/backup.ts, whose schema takes its name and version from here);
// test/backup-format.test.ts checks that a file built here passes the server's schema and imports.
import { splitByCollector } from './backup-owner.js';
import { isCorrection } from './corrections.js';

/** The file's `format`: the server refuses any other. */
export const backupFormat = 'moc-backup';
/** The file's `formatVersion`: the one both sides read. */
export const backupFormatVersion = 1;

/**
 * @typedef {{ id: string, round: string, commune: string, instrument: string, version: number, answers: Record<string, unknown>, startedAt?: string }} SubmissionBody
 * @typedef {{ id: string, body: any, postUrl: string, state: 'waiting' | 'sent' | 'rejected', queuedAt: string, kind?: 'correction' }} QueueItemLike
 * @typedef {SubmissionBody & { evaluator: string }} BackupItem
 * @typedef {{ format: string, formatVersion: number, exportedAt: string, exportedBy: string, submissions: BackupItem[] }} BackupFile
 */

/**
 * What goes into a backup: the new surveys not yet stored by the server (waiting or refused). Corrections of
 * stored submissions are not in the format: they stay queued on the device.
 * @template {QueueItemLike} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function unsentSurveys(items) {
  return items.filter(function (i) { return i.state !== 'sent' && !isCorrection(i); });
}

/**
 * The backup file of `items` (see unsentSurveys), each a POST /submissions body naming the evaluator who
 * collected it. Example: backupFile([item], 'lan@x', new Date(…)) → { format: 'moc-backup', formatVersion: 1, exportedAt, exportedBy: 'lan@x', submissions: [{ …item.body, evaluator: 'lan@x' }] }.
 * @param {QueueItemLike[]} items
 * @param {string} user the signed-in evaluator's email
 * @param {Date} now
 * @returns {BackupFile}
 */
export function backupFile(items, user, now) {
  return {
    format: backupFormat,
    formatVersion: backupFormatVersion,
    exportedAt: now.toISOString(),
    exportedBy: user,
    submissions: unsentSurveys(items).map(function (i) { return Object.assign({}, i.body, { evaluator: user }); }),
  };
}

/**
 * The file's name: 'moc-backup-2026-11-19-09-30.json' for one exported at 2026-11-19T09:30:…Z.
 * @param {BackupFile} file
 */
export function backupFileName(file) {
  return backupFormat + '-' + file.exportedAt.slice(0, 16).replace(/[:T]/g, '-') + '.json';
}

/**
 * Reads an imported file: null when it is not a backup (not JSON, another format or version, no list);
 * otherwise its usable items split into the signed-in person's (or naming nobody) and the others (for /imports,
 * which stores each item as the evaluator it names), and how many items were not surveys at all.
 * Example: readBackup('{"format":"moc-backup","formatVersion":1,"submissions":[…]}', 'lan@x') → { mine, others, unusable }.
 * @param {string} content
 * @param {string} user the signed-in person's email
 * @returns {{ mine: SubmissionBody[], others: number, unusable: number } | null}
 */
export function readBackup(content, user) {
  /** @type {any} */
  var parsed;
  try {
    parsed = JSON.parse(content);
  } catch (e) {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || parsed.format !== backupFormat || !Array.isArray(parsed.submissions)) return null;
  if (parsed.formatVersion !== undefined && parsed.formatVersion !== backupFormatVersion) return null;
  /** @type {unknown[]} */
  var submissions = parsed.submissions;
  var split = splitByCollector(submissions, user);
  /** @type {SubmissionBody[]} */
  var mine = [];
  split.mine.forEach(function (s) {
    var body = submissionBody(s);
    if (body) mine.push(body);
  });
  return { mine: mine, others: split.others.length, unusable: split.mine.length - mine.length };
}

/**
 * An item of a backup as the body the queue sends (the evaluator left out: the queue sends as whoever is signed
 * in); null when it has no id or round to send it by.
 * @param {unknown} item
 * @returns {SubmissionBody | null}
 */
export function submissionBody(item) {
  if (!item || typeof item !== 'object') return null;
  var s = /** @type {Record<string, any>} */ (item);
  if (typeof s.id !== 'string' || typeof s.round !== 'string') return null;
  return { id: s.id, round: s.round, commune: s.commune, instrument: s.instrument, version: s.version, answers: s.answers, startedAt: s.startedAt };
}

/**
 * Where the queue sends a new survey of `round`: '/rounds/r%201/submissions' for 'r 1'.
 * @param {string} round
 */
export function submissionsUrl(round) {
  return '/rounds/' + encodeURIComponent(round) + '/submissions';
}
