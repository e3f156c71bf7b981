/**
 * The embedded driver: PGlite (PostgreSQL compiled to WebAssembly) in this process. COPY goes
 * through PGlite's `/dev/blob` device, one bounded blob at a time; a transaction's queries and COPYs all run on the
 * transaction object, so a COPY inside `transaction()` commits or rolls back with it.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Readable } from 'node:stream';
import { copyFromStatement, copyToStatement } from '../copy-sql.ts';
import type { CopyOptions, Database, QueryResult, Queryable, SqlParam } from '../database.ts';
import { wrapQuery } from '../errors.ts';
import { binaryBlobs } from './binary-blobs.ts';
import { csvBlobs } from './csv-blobs.ts';

type PgliteTarget = PGlite | Transaction;

class PgliteQueryable implements Queryable {
  constructor(protected readonly target: PgliteTarget) {}

  query<Row = Record<string, unknown>>(sql: string, params: SqlParam[] = []): Promise<QueryResult<Row>> {
    return wrapQuery(sql, params, async () => {
      const result = await this.target.query<Row>(sql, params);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    });
  }

  async exec(sql: string): Promise<void> {
    await wrapQuery(sql, [], () => this.target.exec(sql));
  }

  async copyFrom(table: string, columns: string[], data: Readable, options: CopyOptions = {}): Promise<number> {
    const sql = copyFromStatement(table, columns, "'/dev/blob'", options.format);
    let rows = 0;
    for await (const blob of options.format === 'binary' ? binaryBlobs(data) : csvBlobs(data)) {
      const result = await wrapQuery(sql, [], () => this.target.query(sql, [], { blob: new Blob([blob]) }));
      rows += result.affectedRows ?? 0;
    }
    return rows;
  }

  async copyTo(query: string): Promise<Buffer> {
    const sql = copyToStatement(query, "'/dev/blob'");
    const result = await wrapQuery(sql, [], () => this.target.query(sql));
    return result.blob ? Buffer.from(await result.blob.arrayBuffer()) : Buffer.alloc(0);
  }

  async *copyToStream(query: string): AsyncGenerator<Buffer> {
    yield await this.copyTo(query);
  }
}

export class PgliteDatabase extends PgliteQueryable implements Database {
  readonly kind = 'pglite';

  constructor(
    private readonly pglite: PGlite,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    super(pglite);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx) => fn(new PgliteQueryable(tx)));
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
    await this.onClose();
  }
}
