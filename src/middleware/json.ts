import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppConfig } from '../config';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { pathTooDeep } from '../domain/json-limits';
import type { AppEnv } from './env';

/**
 * A 413 middleware for bodies over the configured size. A body that declares its length is judged by it (Node
 * reads exactly that many bytes), so the request stays @hono/node-server's light one: hono's bodyLimit reads
 * `raw.body`, which builds a full web Request and stream for every POST. A chunked body is counted as it is
 * read, by hono's bodyLimit.
 */
function limitFromConfig(size: (config: AppConfig) => number): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const maxSize = size(c.get('deps').config);
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxSize) throw new AppError('too_large');
      return next();
    }
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('too_large');
      },
    })(c, next);
  };
}

/** Refuses bodies over BODY_LIMIT_BYTES with 413 before they are read. */
export const bodyLimitFromConfig = limitFromConfig((config) => config.bodyLimitBytes);

/** Refuses backup files over IMPORT_LIMIT_BYTES with 413. */
export const importLimitFromConfig = limitFromConfig((config) => config.importLimitBytes);

/**
 * How deep a body may nest arrays and objects. A backup file nests a child's answers 7 levels deep; V8 parses
 * any depth, but JSON.stringify, hashing and survey-core recurse and overflow the stack near 10,000 levels
 * (sooner on Workers), so deeper bodies are refused here, before any code walks them.
 */
export const maxJsonDepth = 64;

const tooDeep: Record<Locale, string> = {
  vi: `Dữ liệu lồng nhau sâu quá ${maxJsonDepth} tầng.`,
  en: `Nested more than ${maxJsonDepth} levels deep.`,
};

/**
 * Parses JSON text: 400 (malformed_json) when it does not parse, 422 (invalid_request) naming where it nests
 * deeper than `maxJsonDepth`, with the message in `locale`.
 */
export function parseJson(text: string, locale: Locale): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('malformed_json');
  }
  const path = pathTooDeep(value, maxJsonDepth);
  if (path !== null) throw new AppError('invalid_request', [{ question: path || '(body)', message: tooDeep[locale] }]);
  return value;
}

/** Parses a JSON body: 415 when it is not declared JSON, 400 when it does not parse, 422 when it nests too deep. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) throw new AppError('unsupported_media_type');
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new AppError('malformed_json');
  }
  return parseJson(text, c.get('locale'));
}
