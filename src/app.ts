/**
 * The one app factory. Node (src/node.ts) and Workers (src/worker.ts) only build the dependencies and call
 * `createApp`; tests call `createApp(...).request(...)` over a fresh migrated database.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { AppConfig } from './config';
import type { Db } from './db';
import type { ScryptFn } from './domain/crypto';
import type { CsvPages } from './domain/export-csv';
import type { XlsxWriter } from './domain/exports';
import type { PdfWriter } from './domain/summary-pdf';
import type { AppEnv } from './middleware/env';
import { renderError, renderNotFound } from './middleware/errors';
import { publicAssetPaths, securityHeaders } from './middleware/headers';
import { localeMiddleware } from './middleware/locale';
import { apiRoutes } from './routes/api';
import { webRoutes } from './routes/web';

export type { AppEnv };

export interface AppDeps {
  db: Db;
  clock: () => Date;
  config: AppConfig;
  /** Serves public/ where the platform does not (Node); Workers serve it as static assets. */
  assets?: MiddlewareHandler;
  /** Compresses responses where the platform does not (Node); Workers compress by themselves. */
  compress?: MiddlewareHandler;
  /** Derives password keys off the event loop where the platform can (Node: node:crypto); else pure JS. */
  scrypt?: ScryptFn;
  /**
   * The address of whoever connected (Node: the socket's; Workers: CF-Connecting-IP), for the per-address
   * sign-in limit; config.trustProxyHeader overrides it behind a proxy.
   */
  peerAddress?: (c: Context) => string | undefined;
  /**
   * Writes XLSX workbooks, streamed (Node: src/xlsx-node.ts, exceljs's streaming writer, which needs Node's
   * streams); without it (Workers) XLSX exports answer 501 xlsx_unavailable and CSV ones work alike.
   */
  xlsx?: XlsxWriter;
  /**
   * Makes the lines of CSV exports on another thread while the request's thread reads the next page (Node:
   * src/csv-node.ts, a worker thread); without it (Workers) they are made on the request's thread, alike.
   */
  csvPages?: CsvPages;
  /**
   * Writes PDF files (Node: src/pdf-node.ts, pdfkit with fonts read from node_modules); without it (Workers) the
   * sponsor summary's PDF answers 501 pdf_unavailable and its page prints alike.
   */
  pdf?: PdfWriter;
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders(deps.config));
  if (deps.compress) app.use(deps.compress);
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  if (deps.assets) {
    // sw.js is served from the root so that its scope is the whole app.
    for (const path of publicAssetPaths) app.use(path, deps.assets);
  }
  app.use(localeMiddleware);
  app.onError(renderError);
  app.notFound(renderNotFound);
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.route('/api/v1', apiRoutes());
  app.route('/', webRoutes());
  return app;
}
