/**
 * The backup file, one format on both sides: public/app/backup-format.js builds it from the device's queue and
 * reads it back; src/domain/backup.ts takes its name and version from there, and /imports stores a file the
 * browser built, each survey once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backupFile, backupFileName, backupFormat, backupFormatVersion, readBackup, submissionBody, submissionsUrl, unsentSurveys } from '../public/app/backup-format.js';
import { splitByCollector } from '../public/app/backup-owner.js';
import { correctionItem } from '../public/app/corrections.js';
import { backupFile as serverSchema, itemEvaluator } from '../src/domain/backup';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people } from './support/app';

const rng = seededRng(909);
const round = 'hn-phu-chau-midterm';
const now = new Date('2026-11-19T09:30:12.000Z');

function queued(state: 'waiting' | 'sent' | 'rejected', overrides: Record<string, unknown> = {}) {
  const id = crypto.randomUUID();
  const body = { id, round, commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }), startedAt: '2026-11-19T08:00:00.000Z', ...overrides };
  return { id, body, postUrl: submissionsUrl(round), state, queuedAt: '2026-11-19T08:30:00.000Z' };
}

let t: Awaited<ReturnType<typeof freshApp>>;
beforeAll(async () => {
  t = await freshApp();
});

describe('building the file from the queue', () => {
  it('holds the unsent surveys (waiting or refused), not the sent ones nor corrections, each naming its evaluator', () => {
    const waiting = queued('waiting');
    const refused = queued('rejected');
    const items = [waiting, queued('sent'), refused, correctionItem(waiting.id, { answers: {}, reason: 'x', baseRevision: 1 }, '/submissions/x', now)];
    expect(unsentSurveys(items).map((i) => i.id)).toEqual([waiting.id, refused.id]);
    const file = backupFile(items, people.evaluatorLan, now);
    expect(file).toEqual({
      format: 'moc-backup',
      formatVersion: 1,
      exportedAt: '2026-11-19T09:30:12.000Z',
      exportedBy: people.evaluatorLan,
      submissions: [waiting, refused].map((i) => ({ ...i.body, evaluator: people.evaluatorLan })),
    });
    expect(backupFileName(file)).toBe('moc-backup-2026-11-19-09-30.json');
  });

  it('passes the server’s schema, whose name and version are the same constants', () => {
    const file = backupFile([queued('waiting')], people.evaluatorLan, now);
    expect(serverSchema.safeParse(file).success).toBe(true);
    expect(serverSchema.safeParse(JSON.parse(JSON.stringify(file, null, 1))).success).toBe(true);
    expect([backupFormat, backupFormatVersion]).toEqual(['moc-backup', 1]);
    expect(serverSchema.safeParse({ ...file, formatVersion: backupFormatVersion + 1 }).success).toBe(false);
  });

  it('is imported by /imports as the browser built it: each survey stored once, as its evaluator', async () => {
    const items = [queued('waiting'), queued('rejected'), queued('waiting', { round: 'hn-me-linh-midterm', commune: '09010' })];
    const file = JSON.parse(JSON.stringify(backupFile(items, people.evaluatorLan, now)));
    const lan = await apiAs(t.app, people.evaluatorLan);
    const first = await lan.post('/api/v1/imports', file);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ stored: 3, alreadyThere: 0, refused: 0 });
    // A manager uploading the same file stores nothing twice, and attributes each item to the evaluator it names.
    const ha = await apiAs(t.app, people.managerHa);
    expect(await (await ha.post('/api/v1/imports', file)).json()).toMatchObject({ stored: 0, refused: 0 });
  });
});

describe('reading an imported file', () => {
  it('reads back what it built: the signed-in person’s surveys as bodies to send, others counted', () => {
    const mine = queued('waiting');
    const file = backupFile([mine], people.evaluatorLan, now);
    const someoneElses = { ...queued('waiting').body, evaluator: 'minh@example.org' };
    const older = { ...queued('waiting').body }; // files before the evaluator was written name nobody
    const content = JSON.stringify({ ...file, submissions: [...file.submissions, someoneElses, older, { id: 7 }, 'x'] });
    expect(readBackup(content, ` ${people.evaluatorLan.toUpperCase()} `)).toEqual({ mine: [mine.body, older], others: 1, unusable: 2 });
  });

  it('refuses what is not a backup of this format and version', () => {
    const file = backupFile([queued('waiting')], people.evaluatorLan, now);
    expect(readBackup('not json', people.evaluatorLan)).toBeNull();
    expect(readBackup('[]', people.evaluatorLan)).toBeNull();
    expect(readBackup(JSON.stringify({ ...file, format: 'other' }), people.evaluatorLan)).toBeNull();
    expect(readBackup(JSON.stringify({ ...file, formatVersion: 2 }), people.evaluatorLan)).toBeNull();
    expect(readBackup(JSON.stringify({ ...file, submissions: {} }), people.evaluatorLan)).toBeNull();
  });

  it('decides whose an item is as the server does', () => {
    const items = [{ evaluator: ' Lan@Example.org ' }, { evaluator: 'minh@example.org' }, { evaluator: 7 }, {}];
    const { mine } = splitByCollector(items, 'lan@example.org');
    for (const item of items) expect(mine.includes(item)).toBe(itemEvaluator(item) === null || itemEvaluator(item) === 'lan@example.org');
  });

  it('sends an item by its id and round, to its round’s submissions', () => {
    expect(submissionBody({ id: 'a', round: 'r 1', answers: {}, evaluator: 'x', extra: 1 })).toEqual({ id: 'a', round: 'r 1', commune: undefined, instrument: undefined, version: undefined, answers: {}, startedAt: undefined });
    expect(submissionBody({ round: 'r' })).toBeNull();
    expect(submissionsUrl('r 1')).toBe('/rounds/r%201/submissions');
  });
});
