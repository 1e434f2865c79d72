/** Errors of the Node driver, in @libsql/client's shapes (LibsqlError, LibsqlBatchError), which callers may test for. */
import { LibsqlBatchError, LibsqlError } from '@libsql/client';
import Database from 'libsql';

// SQLite's primary result codes 1–28, in order (an extended code's low byte is its primary code).
const baseCodes = ('ERROR INTERNAL PERM ABORT BUSY LOCKED NOMEM READONLY INTERRUPT IOERR CORRUPT NOTFOUND FULL CANTOPEN PROTOCOL ' +
  'EMPTY SCHEMA TOOBIG CONSTRAINT MISMATCH MISUSE NOLFS AUTH FORMAT RANGE NOTADB NOTICE WARNING').split(' ');

/** libSQL's SqliteError as the LibsqlError @libsql/client throws (code: the base code, extendedCode: libSQL's). */
export function libsqlError(error: unknown): unknown {
  if (error instanceof LibsqlError || !(error instanceof Database.SqliteError)) return error;
  const raw = (error as { rawCode?: number }).rawCode;
  const base = raw === undefined ? undefined : baseCodes[(raw & 0xff) - 1];
  const code = raw === undefined ? 'SQLITE_UNKNOWN' : base ? `SQLITE_${base}` : `SQLITE_UNKNOWN_${raw & 0xff}`;
  return new LibsqlError(error.message, code, error.code, raw, error);
}

/** A statement's error as the error of a batch, naming the statement's index as @libsql/client does. */
export function atStatement(error: unknown, index: number): unknown {
  if (!(error instanceof LibsqlError) || error instanceof LibsqlBatchError) return error;
  return new LibsqlBatchError(unprefixed(error), index, error.code, error.extendedCode, error.rawCode, error.cause instanceof Error ? error.cause : undefined);
}

/** LibsqlError puts its code before the message; a new error of the same code would put it there again. */
export function unprefixed(error: LibsqlError): string {
  return error.message.startsWith(`${error.code}: `) ? error.message.slice(error.code.length + 2) : error.message;
}

export function closedError() {
  return new LibsqlError('The client is closed', 'CLIENT_CLOSED');
}
