import { type Context, Hono } from 'hono';
import { DraftPage, InstrumentsPage, type InstrumentsProps, PreviewPage } from '../../views/instruments';
import { canReleaseInstruments } from '../domain/access';
import { AppError, errorMessage, type FieldError } from '../domain/errors';
import { titlesOf } from '../domain/instrument';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { listInstrumentsFor, releaseUploaded, uploadedDraft, uploadInstrument, waitingDrafts } from '../workflows/instruments';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: requireActor(c), locale: c.get('locale'), now: c.get('deps').clock(), scope: c.get('scope') });

/** A refusal the forms show with their messages: 422 (problems) or 409 (that version was released with other content). */
function refusalOf(error: unknown, locale: 'vi' | 'en'): { status: 409 | 422; errors: FieldError[] } | null {
  if (!(error instanceof AppError)) return null;
  if (error.code === 'invalid_instrument' || error.code === 'invalid_request') return { status: 422, errors: error.errors };
  if (error.code === 'instrument_released') return { status: 409, errors: [{ question: 'version', message: `${errorMessage('instrument_released', locale)} (${error.errors.map((e) => e.message).join(', ')})` }] };
  return null;
}

/** The form as the API's upload: a chosen file wins over pasted text. */
async function uploadFromForm(form: Record<string, unknown>) {
  const file = form.file;
  const json = file instanceof File && file.size > 0 ? await file.text() : typeof form.json === 'string' ? form.json : '';
  return { slug: form.slug, version: form.version, json, renamed: typeof form.renamed === 'string' ? form.renamed : '', release: false };
}

/** /instruments: the list (admins and managers), uploading a version, its draft page, preview and release (admins). */
export function instrumentRoutes() {
  const routes = new Hono<AppEnv>();

  const listPage = async (c: Context<AppEnv>, extra: Partial<InstrumentsProps> = {}, status: 200 | 409 | 422 = 200) => {
    const ctx = ctxOf(c);
    const page = pageContext(c);
    const list = await listInstrumentsFor(ctx);
    const versions = list.map((v) => ({ ...v, title: page.locale === 'vi' ? v.titleVi : v.titleEn }));
    const canUpload = canReleaseInstruments(ctx.actor);
    const drafts = canUpload ? await waitingDrafts(ctx) : [];
    return c.html(<InstrumentsPage ctx={page} versions={versions} drafts={drafts} canUpload={canUpload} {...extra} />, status);
  };

  routes.get('/', async (c) => listPage(c, { releasedNotice: c.req.query('released') || undefined }));

  routes.post('/', async (c) => {
    const form = await formBody(c);
    try {
      const result = await uploadInstrument(ctxOf(c), await uploadFromForm(form));
      if (result.released) return c.redirect(`/instruments?released=${encodeURIComponent(`${result.slug} v${result.version}`)}`, 303);
      return c.redirect(`/instruments/drafts/${result.draft}`, 303);
    } catch (error) {
      const refused = refusalOf(error, c.get('locale'));
      if (!refused) throw error;
      const typed = Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string'));
      return listPage(c, { refused: { form: typed, errors: refused.errors } }, refused.status);
    }
  });

  const draftPage = async (c: Context<AppEnv>, refused?: FieldError[], status: 200 | 409 | 422 = 200) => {
    const { draft, upload, previous, problems, fallback, diff, personal } = await uploadedDraft(ctxOf(c), c.req.param('id')!);
    const page = pageContext(c);
    return c.html(
      <DraftPage
        ctx={page}
        draft={{ id: draft.id, slug: draft.slug, version: draft.version, hash: draft.hash, title: titlesOf(upload.json, draft.slug)[page.locale] }}
        previous={previous?.version ?? null}
        problems={problems}
        fallback={fallback}
        diff={diff}
        personal={personal}
        refused={refused}
      />,
      status,
    );
  };

  routes.get('/drafts/:id', async (c) => draftPage(c));

  routes.get('/drafts/:id/preview', async (c) => {
    const { draft, upload } = await uploadedDraft(ctxOf(c), c.req.param('id'));
    const page = pageContext(c);
    return c.html(<PreviewPage ctx={page} draft={{ id: draft.id, slug: draft.slug, version: draft.version, title: titlesOf(upload.json, draft.slug)[page.locale] }} />);
  });

  /** The draft's JSON for the preview (admins only; never cached, never in the offline kit). */
  routes.get('/drafts/:id/json', async (c) => {
    const { upload } = await uploadedDraft(ctxOf(c), c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    return c.json(upload.json);
  });

  routes.post('/drafts/:id/release', async (c) => {
    try {
      const result = await releaseUploaded(ctxOf(c), c.req.param('id'));
      return c.redirect(`/instruments?released=${encodeURIComponent(`${result.slug} v${result.version}`)}`, 303);
    } catch (error) {
      const refused = refusalOf(error, c.get('locale'));
      if (!refused) throw error;
      return draftPage(c, refused.errors, refused.status);
    }
  });

  return routes;
}
