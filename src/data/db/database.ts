/**
 * The one query layer Marquee talks to. Two drivers implement it side by side:
 * `pglite/` (embedded, the zero-setup default) and `postgres/` (a server, chosen by DATABASE_URL).
 * Everything above this interface is the same SQL on both.
 */
import type { Readable } from 'node:stream';

export type SqlParam = string | number | bigint | boolean | null | Date | Uint8Array;

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface CopyOptions {
  format?: 'csv' | 'binary';
}

/** What both a database and an open transaction can do. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<QueryResult<Row>>;
  /** Runs a script of one or more statements without parameters (a migration, a batch of DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk load with `COPY table (columns) FROM STDIN`: CSV by default, or PostgreSQL's binary COPY
   * format (a complete stream: header, rows, end marker) with `{ format: 'binary' }`.
   */
  copyFrom(table: string, columns: string[], data: Readable, options?: CopyOptions): Promise<number>;
  /** Bulk read with `COPY (query) TO STDOUT` in CSV format. */
  copyTo(query: string): Promise<Buffer>;
  /**
   * The same bulk read as chunks of CSV bytes, so a large result can be parsed as it arrives
   * (chunks end anywhere, not on row boundaries). PGlite yields one chunk: it has no streaming COPY.
   */
  copyToStream(query: string): AsyncIterable<Buffer>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
