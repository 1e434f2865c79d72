/**
 * A posted form (urlencoded or multipart), or 400 `malformed_form` when the body cannot be read as one
 * (a cut multipart body, a wrong boundary): the platform's parser throws a TypeError, which would be a 500.
 * Example: `const form = await formBody(c)`; `formBody(c, { all: true })` keeps repeated fields as arrays.
 */
import type { Context } from 'hono';
import { AppError } from '../domain/errors';

export async function formBody(c: Context, options: { all?: boolean } = {}): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody(options);
  } catch {
    throw new AppError('malformed_form');
  }
}
