/**
 * CSV exports with their lines made on Node's CSV thread (src/csv-node.ts) against the same exports made on the
 * request's thread (the Workers way): the same bytes over several pages, two exports at once, a cancelled
 * download, the thread dying mid-export, and the thread stopping when idle. 600 households in one round: three
 * pages of 250.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { createApp } from '../src/app';
import { nodeCsvPages } from '../src/csv-node';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, testConfig } from './support/app';
import { killServers, post, serverPassword, startServer, submissionBodies, tokenFor } from './support/server-process';

const round = 'hn-phu-chau-midterm';
const households = 600;
const csvPages = nodeCsvPages();
let inline: Awaited<ReturnType<typeof apiAs>>;
let threaded: Awaited<ReturnType<typeof apiAs>>;
let t: Awaited<ReturnType<typeof freshApp>>;

/** Answers a CSV writer must take care of: quotes, commas, line breaks, a formula, Vietnamese, an emoji. */
const awkward = ['Xóm "Gốc" Gạo, đội 3', 'dòng một\r\ndòng hai', '=HYPERLINK("x")', '-12', 'Nhà chị Hoa 👩‍👧'];

beforeAll(async () => {
  t = await freshApp();
  const rng = seededRng(600);
  const [lan] = await t.db.select().from(s.users).where(eq(s.users.email, people.evaluatorLan));
  const [commune] = await t.db.select().from(s.places).where(eq(s.places.code, '09649'));
  const rows = Array.from({ length: households }, (_, i) => {
    const answers = householdAnswers(rng, { knows111Rate: 0.5, hamlet: awkward[i % awkward.length] });
    return {
      id: `csv-thread-${String(i).padStart(4, '0')}`,
      roundId: round,
      communeId: commune.id,
      instrumentSlug: 'household',
      instrumentVersion: 1,
      evaluatorId: lan.id,
      answers: JSON.stringify({ ...answers, comments: awkward[(i + 2) % awkward.length] }),
      contentHash: 'synthetic',
      receivedAt: new Date(Date.parse('2026-03-01T00:00:00Z') + i * 1000).toISOString(),
      revision: 1,
    };
  });
  for (let i = 0; i < rows.length; i += 200) await t.db.insert(s.submissions).values(rows.slice(i, i + 200));
  const clock = () => new Date('2026-11-20T09:00:00Z');
  inline = await apiAs(createApp({ db: t.db, clock, config: testConfig }), people.managerHa);
  threaded = await apiAs(createApp({ db: t.db, clock, config: testConfig, csvPages }), people.managerHa);
}, 60_000);

afterAll(async () => {
  killServers();
  await csvPages.stop();
});

const path = (query: string) => `/api/v1/exports/submissions.csv?round=${round}${query}`;

async function bytesOf(res: Response) {
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const lines = (bytes: Uint8Array) => new TextDecoder().decode(bytes).split('\r\n').length - 1;

/** null when the bytes are equal; else the first line that differs, from each side, to read in the failure. */
function firstDifference(got: Uint8Array, expected: Uint8Array) {
  if (Buffer.from(got).equals(Buffer.from(expected))) return null;
  const [a, b] = [got, expected].map((bytes) => new TextDecoder().decode(bytes).split('\r\n'));
  const line = b.findIndex((text, i) => a[i] !== text);
  return { bytes: [got.byteLength, expected.byteLength], lines: [a.length, b.length], line, thread: a[line], requestThread: b[line] };
}

describe('CSV lines made on the CSV thread', () => {
  it('are byte for byte those made on the request’s thread, for the submissions and the children, in both languages', async () => {
    for (const query of ['&lang=vi', '&lang=en', '&table=children&lang=en']) {
      const expected = await bytesOf(await inline.get(path(query)));
      const got = await bytesOf(await threaded.get(path(query)));
      expect(firstDifference(got, expected), query).toBe(null);
    }
    // Header, 600 households (three pages); every fifth has a line break in its hamlet and another in its comments.
    expect(lines(await bytesOf(await threaded.get(path('&lang=en'))))).toBe(1 + households + (2 * households) / awkward.length);
  });

  it('keeps two exports at once apart, each in its order', async () => {
    const [a, b] = await Promise.all([threaded.get(path('&lang=en')), threaded.get(path('&table=children&lang=vi'))]);
    const readers = [a.body!.getReader(), b.body!.getReader()];
    const chunks: Uint8Array[][] = [[], []];
    const done = [false, false];
    while (!done[0] || !done[1]) {
      for (const i of [0, 1]) {
        if (done[i]) continue;
        const next = await readers[i].read();
        if (next.done) done[i] = true;
        else chunks[i].push(next.value);
      }
    }
    expect(Buffer.concat(chunks[0]).equals(Buffer.from(await bytesOf(await inline.get(path('&lang=en')))))).toBe(true);
    expect(Buffer.concat(chunks[1]).equals(Buffer.from(await bytesOf(await inline.get(path('&table=children&lang=vi')))))).toBe(true);
  });

  it('a download cancelled midway leaves the thread serving the next one whole', async () => {
    const reader = (await threaded.get(path('&lang=en'))).body!.getReader();
    await reader.read(); // the header
    await reader.read(); // the first page
    await reader.cancel();
    const expected = await bytesOf(await inline.get(path('&lang=en')));
    expect(Buffer.from(await bytesOf(await threaded.get(path('&lang=en')))).equals(Buffer.from(expected))).toBe(true);
  });

  it('a thread that dies mid-export fails that download (it never hangs or ends as if whole); the next export starts a new thread', async () => {
    const reader = (await threaded.get(path('&lang=en'))).body!.getReader();
    await reader.read(); // the header
    await reader.read(); // the first page
    await csvPages.stop();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended as if whole';
      })(),
    ).rejects.toThrow(/CSV thread stopped/);
    const expected = await bytesOf(await inline.get(path('&lang=en')));
    expect(Buffer.from(await bytesOf(await threaded.get(path('&lang=en')))).equals(Buffer.from(expected))).toBe(true);
  });
});

/** This process's operating-system threads (Linux): a worker thread is one of them while it runs. */
const threadsNow = () => Number(/^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
const until = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
  return ok();
};

describe('the CSV thread when idle', () => {
  it.runIf(existsSync('/proc/self/status'))('stops once no export has used it for idleMs, and the next export starts it again', async () => {
    await readFile(import.meta.filename); // libuv's pool threads start now, not between the counts below
    const idlePages = nodeCsvPages({ idleMs: 300 });
    try {
      const app = await apiAs(createApp({ db: t.db, clock: () => new Date('2026-11-20T09:00:00Z'), config: testConfig, csvPages: idlePages }), people.managerHa);
      const expected = Buffer.from(await bytesOf(await inline.get(path(''))));
      const before = threadsNow();
      expect(Buffer.from(await bytesOf(await app.get(path('')))).equals(expected)).toBe(true);
      const running = threadsNow();
      expect(running).toBeGreaterThan(before);
      expect(await until(() => threadsNow() < running, 5_000)).toBe(true);
      expect(Buffer.from(await bytesOf(await app.get(path('')))).equals(expected)).toBe(true);
    } finally {
      await idlePages.stop();
    }
  });
});

describe('npm start', () => {
  it('serves a CSV export whose lines its CSV thread makes (loaded under tsx in a real server process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moc-csv-thread-'));
    try {
      const server = await startServer(join(dir, 'moc.sqlite'), 1);
      const lan = await tokenFor(server.port);
      const bodies = submissionBodies(3, 7);
      for (const body of bodies) expect((await post(server.port, '/api/v1/submissions', body, lan)).status).toBe(201);
      const ha = JSON.parse((await post(server.port, '/api/v1/tokens', { email: people.managerHa, password: serverPassword })).text).token as string;
      const res = await fetch(`http://127.0.0.1:${server.port}${path('&lang=en')}`, { headers: { authorization: `Bearer ${ha}` } });
      expect(res.status).toBe(200);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(text.startsWith('\uFEFFSubmission id,')).toBe(true);
      const ids = text.split('\r\n').slice(1, -1).map((line) => line.split(',')[0]);
      expect(ids.sort()).toEqual(bodies.map((b) => b.id).sort());
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
