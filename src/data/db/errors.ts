/**
 * Database failures, the same class from both drivers: the driver's error stays as `cause`, and
 * the query and its parameters travel with it so a log line says what was running.
 */
import type { SqlParam } from './database.ts';

/** PostgreSQL's own error fields, when the server (or PGlite) sent them. */
interface PgErrorFields {
  code?: string;
  detail?: string;
  constraint?: string;
}

export class DatabaseQueryError extends Error {
  override name = 'DatabaseQueryError';
  /** The SQLSTATE (e.g. `23505` unique violation), when the database reported one. */
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;

  constructor(
    readonly query: string,
    readonly params: readonly SqlParam[],
    cause: unknown,
  ) {
    const fields = (typeof cause === 'object' && cause !== null ? cause : {}) as PgErrorFields;
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${reason} [query: ${abbreviate(query)}]`, { cause });
    this.sqlState = typeof fields.code === 'string' ? fields.code : undefined;
    this.detail = typeof fields.detail === 'string' ? fields.detail : undefined;
    this.constraint = typeof fields.constraint === 'string' ? fields.constraint : undefined;
  }
}

/** Another process already holds the embedded database directory (PGlite is single-process). */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
  readonly code = 'DATABASE_LOCKED';
  readonly status = 409;
}

/** The database server cannot be reached (wrong DATABASE_URL, server down). */
export class DatabaseConnectionError extends Error {
  override name = 'DatabaseConnectionError';
  readonly code = 'DATABASE_UNREACHABLE';
  readonly status = 503;
}

/** Runs a driver call and rethrows any failure as a DatabaseQueryError. */
export async function wrapQuery<T>(query: string, params: readonly SqlParam[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof DatabaseQueryError) throw cause;
    throw new DatabaseQueryError(query, params, cause);
  }
}

function abbreviate(query: string): string {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
