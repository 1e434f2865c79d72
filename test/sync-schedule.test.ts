/**
 * When public/app/sync.js sends, with a fake clock, a fake network and an in-memory queue: a try with no answer
 * is followed by a small request every ~2 s and a send as soon as one is answered; a server answering with errors
 * gets the backoff only; a sign that the network works (signal) sends at once; nothing waits minutes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSync } from '../public/app/sync.js';
import type { QueueItem } from '../public/app/outbox.js';

type Net = 'down' | 'up' | 'failing' | 'signedOut';

function setup(net: { state: Net }) {
  const items = new Map<string, QueueItem>();
  const requests: string[] = [];
  const outbox = {
    items: async () => [...items.values()].map((i) => structuredClone(i)),
    item: async (id: string) => structuredClone(items.get(id)),
    putItem: async (item: QueueItem) => void items.set(item.id, structuredClone(item)),
  };
  vi.stubGlobal('navigator', { onLine: true });
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    if (net.state === 'down') throw new TypeError('Failed to fetch');
    if (net.state === 'signedOut') return new Response('{}', { status: 401 });
    if (url === '/field/session.json') return new Response(JSON.stringify({ csrfToken: 't' }), { status: 200 });
    if (net.state === 'failing') return new Response('{}', { status: 503 });
    return new Response(JSON.stringify({ receivedAt: 'now' }), { status: 201 });
  });
  const sync = createSync({
    outbox: outbox as never,
    waiting: () => [...items.values()].filter((i) => i.state === 'waiting').length,
    changed: () => {},
    show: () => {},
    synced: () => {},
    sessionEnded: () => {},
  });
  const queue = (id: string) => items.set(id, { id, body: { id } as never, postUrl: '/rounds/r/submissions', state: 'waiting', queuedAt: '2026-11-19T08:00:00Z' });
  const state = (id: string) => items.get(id)!.state;
  const posts = () => requests.filter((r) => r.startsWith('POST')).length;
  return { sync, queue, state, requests, posts };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-19T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('after a try with no answer', () => {
  it('asks every ~2 s and sends within 3 s of the network working, however long it was down', async () => {
    const net = { state: 'down' as Net };
    const t = setup(net);
    t.queue('a');
    expect(await t.sync.sync()).toMatchObject({ failed: true });
    expect(t.sync.state().failure).toBe('offline');
    // Ten minutes without data: the retries and probes keep failing (the old code waited up to 5 minutes by then).
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(t.state('a')).toBe('waiting');
    const asked = t.requests.length;
    expect(asked).toBeGreaterThan(200); // about one small request every 2 s, and the retries
    net.state = 'up';
    await vi.advanceTimersByTimeAsync(3000);
    expect(t.state('a')).toBe('sent');
    expect(t.posts()).toBe(1);
    // Nothing waits: no more requests.
    const after = t.requests.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.requests.length).toBe(after);
  });

});

describe('a sign that the network works (an answer the page or the service worker saw)', () => {
  it('sends at once, not at the next timer', async () => {
    // Signed out (no probe then), the retries 2, 4, 8, 16, 30 s apart with no jitter: the next is at 90 s.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const net = { state: 'signedOut' as Net };
    const t = setup(net);
    t.queue('a');
    expect(await t.sync.sync()).toMatchObject({ failed: true, signIn: true });
    await vi.advanceTimersByTimeAsync(61_000);
    expect(t.state('a')).toBe('waiting');
    net.state = 'up'; // signed in again, in another tab
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.state('a')).toBe('waiting'); // nothing has tried yet
    t.sync.signal();
    await vi.advanceTimersByTimeAsync(400);
    expect(t.state('a')).toBe('sent');
  });

  it('does nothing when nothing waits', async () => {
    const t = setup({ state: 'up' });
    t.sync.signal();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.requests).toEqual([]);
  });
});

describe('a server answering with errors', () => {
  it('is tried again on the backoff alone, at most every 30 s, and a sign of network does not press it', async () => {
    const net = { state: 'failing' as Net };
    const t = setup(net);
    t.queue('a');
    await t.sync.sync();
    expect(t.sync.state().failure).toBe('server');
    expect(t.posts()).toBe(1);
    t.sync.signal();
    await vi.advanceTimersByTimeAsync(900);
    expect(t.posts()).toBe(1); // neither the signal nor a probe
    // 2 s, 4 s, 8 s, 16 s, then every 30 s at most (less up to half, at random).
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const tries = t.posts();
    expect(tries).toBeGreaterThanOrEqual(1 + 4 + 16);
    expect(tries).toBeLessThanOrEqual(1 + 4 + 40);
    net.state = 'up';
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.state('a')).toBe('sent');
  });
});
