/**
 * How the field queue sends (public/app/sync-rules.js), with plain values: what each answer does to an item, how
 * long a failed sync waits (capped at 30 s, with jitter), and when a sign that the network works sends at once.
 */
import { describe, expect, it } from 'vitest';
import { canFix, canSendAgain, failureKind, probeEveryMs, retryCapMs, retryDelay, sendOnSignal, settlement, signalGapMs, waitingInOrder } from '../public/app/sync-rules.js';

describe('retryDelay', () => {
  it('doubles from 2 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => retryDelay(n, 0))).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(retryCapMs).toBe(30_000);
  });
  it('takes up to half off at random, never more, never below zero failures', () => {
    expect(retryDelay(3, 0.5)).toBe(6000);
    expect(retryDelay(3, 0.999999)).toBe(4000);
    expect(retryDelay(20, 0.999999)).toBe(15000);
    expect(retryDelay(0, 0)).toBe(2000);
  });
  it('waits far less than the old 5 s · 2^n up to 5 minutes after a long outage', () => {
    expect(Math.max(...Array.from({ length: 30 }, (_, n) => retryDelay(n + 1, 0)))).toBeLessThanOrEqual(30_000);
    expect(probeEveryMs).toBeLessThanOrEqual(2500);
  });
});

describe('settlement', () => {
  it('stores a 200 or 201 as sent, with the time the server received it', () => {
    expect(settlement({ status: 201, body: { receivedAt: '2026-11-19T09:00:00Z' } })).toEqual({ kind: 'sent', receivedAt: '2026-11-19T09:00:00Z' });
    expect(settlement({ status: 200, body: {} })).toEqual({ kind: 'sent', receivedAt: undefined });
  });
  it('keeps 409, 422 and a 403 with a reason as refused, with the server’s message', () => {
    const errors = [{ question: 'respondent_age', message: 'too young' }];
    expect(settlement({ status: 422, body: { code: 'invalid_answers', title: 'Invalid', errors } })).toEqual({ kind: 'rejected', problem: { status: 422, code: 'invalid_answers', title: 'Invalid', errors } });
    expect(settlement({ status: 409, body: { title: 'Conflict' } })).toEqual({ kind: 'rejected', problem: { status: 409, code: undefined, title: 'Conflict', errors: [] } });
    expect(settlement({ status: 403, body: { code: 'not_assigned' } })).toMatchObject({ kind: 'rejected', problem: { status: 403, code: 'not_assigned' } });
  });
  it('stops the sync on 401 (sign in), a csrf 403 (the form expired) and anything else (retry)', () => {
    expect(settlement({ status: 401, body: {} })).toEqual({ kind: 'signIn' });
    expect(settlement({ status: 403, body: { code: 'csrf' } })).toEqual({ kind: 'csrf' });
    expect(settlement({ status: 403, body: {} })).toEqual({ kind: 'retry' });
    for (const status of [500, 502, 503, 413, 429, 404]) expect(settlement({ status, body: {} })).toEqual({ kind: 'retry' });
  });
});

describe('what can be done about a refusal', () => {
  it('fixes a 422 about the answers, not a closed round', () => {
    expect(canFix({ status: 422, code: 'invalid_answers', errors: [] })).toBe(true);
    expect(canFix({ status: 422, code: 'round_closed', errors: [] })).toBe(false);
    expect(canFix({ status: 409, errors: [] })).toBe(false);
    expect(canFix(undefined)).toBe(false);
  });
  it('sends again what a reopened round or a new assignment may accept', () => {
    expect(canSendAgain({ status: 422, code: 'round_closed', errors: [] })).toBe(true);
    expect(canSendAgain({ status: 403, code: 'not_assigned', errors: [] })).toBe(true);
    expect(canSendAgain({ status: 409, errors: [] })).toBe(false);
    expect(canSendAgain({ status: 422, code: 'invalid_answers', errors: [] })).toBe(false);
  });
});

describe('waitingInOrder', () => {
  it('sends the waiting items oldest first', () => {
    const items = [
      { id: 'c', state: 'waiting', queuedAt: '2026-11-19T09:02:00Z' },
      { id: 's', state: 'sent', queuedAt: '2026-11-19T09:00:00Z' },
      { id: 'a', state: 'waiting', queuedAt: '2026-11-19T09:00:30Z' },
      { id: 'r', state: 'rejected', queuedAt: '2026-11-19T08:00:00Z' },
    ];
    expect(waitingInOrder(items).map((i) => i.id)).toEqual(['a', 'c']);
  });
});

describe('failureKind', () => {
  it('tells no answer (probe often) from a server that answered with an error (backoff only)', () => {
    expect(failureKind({ offline: true }, true)).toBe('offline');
    expect(failureKind(new TypeError('Failed to fetch'), true)).toBe('offline');
    expect(failureKind({ server: true }, true)).toBe('server');
    expect(failureKind({ csrf: true }, true)).toBe('server');
    expect(failureKind({ server: true }, false)).toBe('offline');
    expect(failureKind({ signIn: true }, true)).toBe('signIn');
  });
});

describe('sendOnSignal', () => {
  const base = { waiting: 1, syncing: false, lastFailure: 'offline' as const, lastTryAt: 0, now: 60_000 };
  it('sends at once when something waits and the network answered', () => {
    expect(sendOnSignal(base)).toBe(true);
    expect(sendOnSignal({ ...base, lastFailure: null })).toBe(true);
    expect(sendOnSignal({ ...base, lastFailure: 'signIn' })).toBe(true);
  });
  it('does nothing with nothing waiting, during a send, just after one, or when the server itself failed', () => {
    expect(sendOnSignal({ ...base, waiting: 0 })).toBe(false);
    expect(sendOnSignal({ ...base, syncing: true })).toBe(false);
    expect(sendOnSignal({ ...base, lastTryAt: base.now - signalGapMs + 1 })).toBe(false);
    expect(sendOnSignal({ ...base, lastTryAt: base.now - signalGapMs })).toBe(true);
    expect(sendOnSignal({ ...base, lastFailure: 'server' })).toBe(false);
  });
});
