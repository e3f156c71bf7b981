/** Small conversions between SQL rows and MLflow JSON, shared by the tracking repositories. */
import type { KeyValue } from '../protocol/entities.ts';

/** node-postgres returns bigint columns as strings, PGlite as numbers; MLflow sends numbers. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function optionalNum(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : num(value);
}

/** A list as one parameter (`$n::jsonb`), so a query never grows a placeholder per element. */
export function jsonList(values: readonly (string | number)[]): string {
  return JSON.stringify(values);
}

/** Groups rows by an owner key, keeping row order: tags/params/metrics per run, etc. */
export function groupBy<Row, Item>(rows: Row[], owner: (row: Row) => string, item: (row: Row) => Item): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const row of rows) {
    const key = owner(row);
    const list = groups.get(key);
    if (list) list.push(item(row));
    else groups.set(key, [item(row)]);
  }
  return groups;
}

export function keyValue(row: { key: string; value: string }): KeyValue {
  return { key: row.key, value: row.value };
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { sqlState?: string } | undefined)?.sqlState === '23505';
}
