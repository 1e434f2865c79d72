/**
 * Dates as people in Vietnam read them: "today" is the calendar date in Vietnam (UTC+7, no daylight saving),
 * whatever the server's time zone. Defined here once; pages, roll-ups, ages and audit filters use it.
 */

/** The calendar date in Vietnam, e.g. 2026-11-20T18:00Z → '2026-11-21'. */
export function dateInVietnam(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The instant a Vietnam calendar date begins, e.g. '2026-11-20' → '2026-11-19T17:00:00.000Z'. */
export function vietnamDayStart(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

/** An instant as Vietnam's clock reads it, to the minute: '2026-11-20T09:00:00.000Z' → '2026-11-20 16:00'. */
export function vietnamTime(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
