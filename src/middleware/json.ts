import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppConfig } from '../config';
import { AppError } from '../domain/errors';
import type { AppEnv } from './env';

/** A 413 middleware for bodies over the configured size. */
function limitFromConfig(size: (config: AppConfig) => number): MiddlewareHandler<AppEnv> {
  return (c, next) =>
    bodyLimit({
      maxSize: size(c.get('deps').config),
      onError: () => {
        throw new AppError('too_large');
      },
    })(c, next);
}

/** Refuses bodies over BODY_LIMIT_BYTES with 413 before they are read. */
export const bodyLimitFromConfig = limitFromConfig((config) => config.bodyLimitBytes);

/** Refuses backup files over IMPORT_LIMIT_BYTES with 413. */
export const importLimitFromConfig = limitFromConfig((config) => config.importLimitBytes);

/** Parses a JSON body: 415 when it is not declared JSON, 400 when it does not parse. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) throw new AppError('unsupported_media_type');
  try {
    return await c.req.json();
  } catch {
    throw new AppError('malformed_json');
  }
}
