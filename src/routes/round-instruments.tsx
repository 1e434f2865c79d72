import { type Context, Hono } from 'hono';
import { Layout } from '../../views/layout';
import { RoundInstrumentsSection, type RoundInstrumentsProps } from '../../views/round-instruments';
import { canPinInstruments } from '../domain/access';
import { AppError } from '../domain/errors';
import { messages } from '../domain/i18n';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { releasedVersions } from '../queries/instruments';
import { roundById } from '../queries/rounds';
import { changeRoundStatus } from '../workflows/rounds';

type Round = { id: string; modelId: string; instruments: { slug: string; version: number }[] };

/** The round page's pinning section, for those who run the model (null for everyone else). */
export async function roundInstrumentsSectionOf(c: Context<AppEnv>, round: Round): Promise<RoundInstrumentsProps | null> {
  const actor = requireActor(c);
  if (!canPinInstruments(actor, c.get('scope'), round)) return null;
  const ctx = pageContext(c);
  const released = await releasedVersions(c.get('deps').db);
  const slugs = [...new Set(released.map((r) => r.slug))];
  return {
    ctx,
    roundId: round.id,
    instruments: slugs.map((slug) => {
      const versions = released.filter((r) => r.slug === slug);
      const latest = versions[versions.length - 1];
      const pinned = round.instruments.find((p) => p.slug === slug)?.version ?? null;
      return { slug, title: ctx.locale === 'vi' ? latest.titleVi : latest.titleEn, pinned, versions: versions.map((v) => v.version).filter((v) => pinned === null || v >= pinned) };
    }),
  };
}

/** POST /rounds/:id/instruments: the form as PATCH /api/v1/rounds/{id} { instruments } (only the versions chosen). */
export function roundInstrumentRoutes() {
  const routes = new Hono<AppEnv>();
  routes.post('/:id/instruments', async (c) => {
    const actor = requireActor(c);
    const form = await formBody(c);
    const { db, clock } = c.get('deps');
    const htmx = Boolean(c.req.header('hx-request'));
    const respond = (props: RoundInstrumentsProps, status: 200 | 422) =>
      htmx
        ? c.html(<RoundInstrumentsSection {...props} />, status)
        : c.html(
            <Layout ctx={props.ctx} title={messages[props.ctx.locale].instrumentsPage.pinTitle}>
              <RoundInstrumentsSection {...props} />
            </Layout>,
            status,
          );
    const pins = Object.entries(form)
      .filter(([name, version]) => name.startsWith('version:') && typeof version === 'string' && version !== '')
      .map(([name, version]) => ({ slug: name.slice('version:'.length), version: Number(version) }));
    const before = await roundById(db, c.req.param('id'));
    try {
      const round = await changeRoundStatus({ db, actor, scope: c.get('scope'), locale: c.get('locale'), now: clock() }, c.req.param('id'), { instruments: pins });
      if (!htmx) return c.redirect(`/rounds/${round.id}`, 303);
      return respond({ ...(await roundInstrumentsSectionOf(c, round))!, saved: true }, 200);
    } catch (error) {
      const section = before && (await roundInstrumentsSectionOf(c, before));
      if (!(error instanceof AppError) || error.code !== 'invalid_request' || !section) throw error;
      return respond({ ...section, errors: error.errors }, 422);
    }
  });
  return routes;
}
