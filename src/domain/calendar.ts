/**
 * Dates as people in Vietnam read them: "today" is the calendar date in Vietnam (UTC+7, no daylight saving),
 * whatever the server's time zone. Defined here once; pages, roll-ups, ages and audit filters use it.
 */

/** The calendar date in Vietnam, e.g. 2026-11-20T18:00Z → '2026-11-21'. */
export function dateInVietnam(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
