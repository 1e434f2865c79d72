/**
 * The sponsor summary (docs/api.md, Sponsor summary): GET /models/{id}/summary and /programmes/{id}/summary as
 * pages to read and print, and the same with .pdf to download (Node only: Workers answer 501 pdf_unavailable).
 */
import { type Context, Hono } from 'hono';
import { SummaryPage } from '../../views/summary';
import { messages } from '../domain/i18n';
import { dateInVietnam } from '../domain/calendar';
import { AppError } from '../domain/errors';
import type { SummaryDoc } from '../domain/summary';
import { summaryPdfLayout } from '../domain/summary-pdf';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { modelSummary, programmeSummary, type SummaryCtx } from '../workflows/summary';

const ctxOf = (c: Context<AppEnv>): SummaryCtx => {
  const { db, clock, config } = c.get('deps');
  return { db, actor: requireActor(c), scope: c.get('scope'), locale: c.get('locale'), now: clock(), threshold: config.suppressionThreshold };
};

/** The PDF of a summary, named after what it summarises and Vietnam's date: summary-yb-service-pilot-2026-11-20.pdf. */
async function pdfOf(c: Context<AppEnv>, doc: SummaryDoc, id: string) {
  const { pdf, clock } = c.get('deps');
  if (!pdf) throw new AppError('pdf_unavailable');
  const bytes = await pdf(summaryPdfLayout(doc));
  return c.body(bytes, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="summary-${id.replace(/[^A-Za-z0-9-]/g, '_')}-${dateInVietnam(clock())}.pdf"`,
    'cache-control': 'no-store',
  });
}

export function summaryRoutes() {
  const routes = new Hono<AppEnv>();
  const pdfHref = (c: Context<AppEnv>, path: string) => (c.get('deps').pdf ? `${path}.pdf` : null);

  routes.get('/models/:id/summary', async (c) => {
    const id = c.req.param('id');
    const doc = await modelSummary(ctxOf(c), id);
    return c.html(<SummaryPage ctx={pageContext(c)} doc={doc} back={{ href: `/models/${id}`, label: doc.name }} pdfHref={pdfHref(c, `/models/${id}/summary`)} />);
  });
  routes.get('/models/:id/summary.pdf', async (c) => pdfOf(c, await modelSummary(ctxOf(c), c.req.param('id')), c.req.param('id')));

  routes.get('/programmes/:id/summary', async (c) => {
    const id = c.req.param('id');
    const doc = await programmeSummary(ctxOf(c), id);
    const t = messages[c.get('locale')];
    return c.html(<SummaryPage ctx={pageContext(c)} doc={doc} back={{ href: '/programme', label: t.overview.title }} pdfHref={pdfHref(c, `/programmes/${id}/summary`)} />);
  });
  routes.get('/programmes/:id/summary.pdf', async (c) => pdfOf(c, await programmeSummary(ctxOf(c), c.req.param('id')), c.req.param('id')));

  return routes;
}
