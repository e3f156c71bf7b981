/** Page tokens as MLflow makes them: base64 of `{"offset": n}`, opaque to clients. */
import { MlflowError } from '../../mlflow-error.ts';

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // reported below
  }
  throw MlflowError.invalid(`Invalid page token, could not base64-decode or parse: ${token}`);
}

/** Cuts one page out of `limit + 1` fetched rows: the extra row only says another page exists. */
export function pageOf<T>(rows: T[], offset: number, limit: number): { items: T[]; nextPageToken?: string } {
  if (rows.length <= limit) return { items: rows };
  return { items: rows.slice(0, limit), nextPageToken: encodePageToken(offset + limit) };
}
