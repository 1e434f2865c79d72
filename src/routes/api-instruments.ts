/** Uploading, releasing and listing instrument versions in the JSON API (docs/api.md). */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../middleware/env';
import { importLimitFromConfig, readJson } from '../middleware/json';
import { listInstrumentsFor, type UploadResult, uploadInstrument } from '../workflows/instruments';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: c.get('actor')!, locale: c.get('locale'), now: c.get('deps').clock(), scope: c.get('scope') });

const json = (r: UploadResult) => ({ slug: r.slug, version: r.version, hash: r.hash, released: r.released, draft: r.draft, diff: r.diff, fallback: r.fallback, personal: r.personal });

export function instrumentApiRoutes() {
  const api = new Hono<AppEnv>();
  // An instrument is larger than a submission: the import limit (IMPORT_LIMIT_BYTES) applies.
  api.post('/instruments', importLimitFromConfig, async (c) => {
    const result = await uploadInstrument(ctxOf(c), await readJson(c));
    return c.json(json(result), result.status);
  });
  api.get('/instruments', async (c) => {
    const list = await listInstrumentsFor(ctxOf(c));
    return c.json({
      instruments: list.map((i) => ({
        slug: i.slug,
        version: i.version,
        title: { vi: i.titleVi, en: i.titleEn },
        hash: i.hash,
        renamed: i.renamed,
        releasedAt: i.releasedAt,
        releasedBy: i.releasedBy,
        pinnedBy: i.pinnedBy,
      })),
    });
  });
  return api;
}
