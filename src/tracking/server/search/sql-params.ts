import type { SqlParam } from '../../../data/db/database.ts';

/** Collects positional parameters while a query is assembled; `add` returns its `$n` placeholder. */
export class SqlParams {
  readonly values: SqlParam[] = [];

  add(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
