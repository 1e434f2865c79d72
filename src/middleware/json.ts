import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../domain/errors';
import type { AppEnv } from './env';

/** Refuses bodies over BODY_LIMIT_BYTES with 413 before they are read. */
export const bodyLimitFromConfig: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.get('deps').config.bodyLimitBytes,
    onError: () => {
      throw new AppError('too_large');
    },
  })(c, next);

/** Refuses backup files over IMPORT_LIMIT_BYTES with 413. */
export const importLimitFromConfig: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.get('deps').config.importLimitBytes,
    onError: () => {
      throw new AppError('too_large');
    },
  })(c, next);

/** Parses a JSON body: 415 when it is not declared JSON, 400 when it does not parse. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) throw new AppError('unsupported_media_type');
  try {
    return await c.req.json();
  } catch {
    throw new AppError('malformed_json');
  }
}
