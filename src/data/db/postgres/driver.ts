/**
 * The server driver: node-postgres with a pool. A transaction holds one pooled client from BEGIN
 * to COMMIT, and its COPYs stream over that same client, so they are part of the transaction.
 */
import type pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { copyFromStatement, copyToStatement } from '../copy-sql.ts';
import type { CopyOptions, Database, QueryResult, Queryable, SqlParam } from '../database.ts';
import { DatabaseQueryError, wrapQuery } from '../errors.ts';

/** A client to run one statement on, and how to give it back. */
interface Lease {
  client: pg.PoolClient;
  release(): void;
}

class PostgresQueryable implements Queryable {
  constructor(
    private readonly runner: pg.Pool | pg.PoolClient,
    private readonly lease: () => Promise<Lease>,
  ) {}

  query<Row = Record<string, unknown>>(sql: string, params: SqlParam[] = []): Promise<QueryResult<Row>> {
    return wrapQuery(sql, params, async () => {
      const result = await this.runner.query(sql, params);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    });
  }

  async exec(sql: string): Promise<void> {
    // Without parameters node-postgres uses the simple protocol, which accepts several statements.
    await wrapQuery(sql, [], () => this.runner.query(sql));
  }

  async copyFrom(table: string, columns: string[], data: Readable, options: CopyOptions = {}): Promise<number> {
    const sql = copyFromStatement(table, columns, 'STDIN', options.format);
    // A failure of the data source (say, an invalid input line) is the caller's own error and is
    // passed on unwrapped; destroying the COPY stream makes the server abort the COPY.
    let sourceFailure: unknown;
    data.once('error', (error) => (sourceFailure = error));
    const { client, release } = await wrapQuery(sql, [], () => this.lease());
    try {
      const sink = client.query(copyFromStdin(sql));
      await pipeline(data, sink);
      return sink.rowCount;
    } catch (error) {
      throw sourceFailure ?? new DatabaseQueryError(sql, [], error);
    } finally {
      release();
    }
  }

  async copyTo(query: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.copyToStream(query)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async *copyToStream(query: string): AsyncGenerator<Buffer> {
    const sql = copyToStatement(query, 'STDOUT');
    const { client, release } = await wrapQuery(sql, [], () => this.lease());
    try {
      const source = client.query(copyToStdout(sql));
      try {
        for await (const chunk of source) yield chunk as Buffer;
      } catch (cause) {
        throw new DatabaseQueryError(sql, [], cause);
      }
    } finally {
      release();
    }
  }
}

export class PostgresDatabase extends PostgresQueryable implements Database {
  readonly kind = 'postgres';

  constructor(private readonly pool: pg.Pool) {
    super(pool, async () => {
      const client = await pool.connect();
      return { client, release: () => client.release() };
    });
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await wrapQuery('BEGIN', [], () => this.pool.connect());
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresQueryable(client, async () => ({ client, release: () => {} })));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
