/**
 * An evaluator's offline kit: what their device keeps so that surveys work with no network — the home page,
 * and for each open round they are assigned to, its household list (follow-up), its survey pages and the
 * released instrument versions those pages load; and for each of their submissions sent back with issues, its
 * correction page and instrument version, with the list of them the field bar shows (/field/issues.json).
 * Nothing else is kept: no record page, no other role's page.
 * Example: offlineKit(evaluatorLan, [{ id: 'r1' }], [{ roundId: 'r1', slug: 'household', version: 2 }])
 *   → ['/', '/rounds/r1/households.json', '/rounds/r1/survey/household', '/instruments/household/v2.json'].
 */
import { type Actor, keepsOfflineKit } from './access';

export function offlineKit(
  actor: Actor,
  openRounds: { id: string }[],
  pins: { roundId: string; slug: string; version: number }[],
  issues: { id: string; instrumentSlug: string; instrumentVersion: number }[] = [],
): string[] {
  if (!keepsOfflineKit(actor)) return [];
  const urls = ['/', '/field/issues.json', ...openRounds.map((r) => `/rounds/${r.id}/households.json`)];
  const open = new Set(openRounds.map((r) => r.id));
  for (const p of pins) if (open.has(p.roundId)) urls.push(`/rounds/${p.roundId}/survey/${p.slug}`, `/instruments/${p.slug}/v${p.version}.json`);
  for (const i of issues) urls.push(`/submissions/${i.id}/edit`, `/instruments/${i.instrumentSlug}/v${i.instrumentVersion}.json`);
  return [...new Set(urls)];
}
