/**
 * Turns parsed filter comparisons into a SQL condition for one kind of search. Each search
 * describes its target: which attributes exist (column and type) and which key/value tables
 * (metrics, params, tags) hang off the searched row. Anything else is MLflow's 400.
 */
import { MlflowError } from '../../mlflow-error.ts';
import type { Comparator, Comparison, FilterKind } from './filter-parser.ts';
import type { SqlParams } from './sql-params.ts';

export interface AttributeColumn {
  column: string;
  type: 'string' | 'number';
}

/** A key/value table joined to the searched row by `match` (e.g. `x.run_uuid = r.run_uuid`). */
export interface KeyValueTable {
  table: string;
  match: string;
  valueType: 'string' | 'number';
}

export interface FilterTarget {
  entity: string;
  attributes: Record<string, AttributeColumn>;
  keyValues: Partial<Record<Exclude<FilterKind, 'attribute'>, KeyValueTable>>;
}

const NUMERIC: Comparator[] = ['>=', '=', '!=', '<', '<=', '>'];
const STRING: Comparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const STRING_WITH_IN: Comparator[] = [...STRING, 'IN', 'NOT IN'];

/** `TRUE` when there is nothing to filter on. */
export function filterSql(comparisons: Comparison[], target: FilterTarget, params: SqlParams): string {
  if (comparisons.length === 0) return 'TRUE';
  return comparisons.map((c) => comparisonSql(c, target, params)).join(' AND ');
}

function comparisonSql(c: Comparison, target: FilterTarget, params: SqlParams): string {
  if (c.kind === 'attribute') {
    const attribute = target.attributes[c.key];
    if (attribute === undefined) {
      throw MlflowError.invalid(`Invalid attribute key '${c.key}' specified. Valid keys are '${Object.keys(target.attributes).join("', '")}'`);
    }
    return condition(attribute.column, attribute.type, c, params, attribute.type === 'string' ? STRING_WITH_IN : NUMERIC);
  }
  const table = target.keyValues[c.kind];
  if (table === undefined) throw MlflowError.invalid(`Searching ${target.entity} by ${c.kind}s is not supported`);
  const allowed = table.valueType === 'number' ? NUMERIC : STRING;
  const value = condition('x.value', table.valueType, c, params, allowed);
  return `EXISTS (SELECT 1 FROM ${table.table} x WHERE ${table.match} AND x.key = ${params.add(c.key)} AND ${value})`;
}

function condition(column: string, type: 'string' | 'number', c: Comparison, params: SqlParams, allowed: Comparator[]): string {
  if (!allowed.includes(c.comparator)) {
    // Wording (and its unbalanced quote) as MLflow's, which prints a Python set.
    throw MlflowError.invalid(`Invalid comparator '${c.comparator}' not one of '{${allowed.map((a) => `'${a}'`).join(', ')}}`);
  }
  if (c.comparator === 'IN' || c.comparator === 'NOT IN') {
    const list = (c.value as string[]).map((v) => params.add(v)).join(', ');
    return `${column} ${c.comparator} (${list})`;
  }
  if (type === 'number') {
    if (typeof c.value !== 'number') {
      throw MlflowError.invalid(`Expected numeric value type for ${c.kind} '${c.key}'. Found ${JSON.stringify(c.value)}`);
    }
    return `${column} ${c.comparator} ${params.add(c.value)}`;
  }
  if (typeof c.value !== 'string') {
    throw MlflowError.invalid(`Value for ${c.kind} '${c.key}' must be a quoted string. Found ${c.value}`);
  }
  const sqlComparator = c.comparator === '!=' ? '<>' : c.comparator;
  return `${column} ${sqlComparator} ${params.add(c.value)}`;
}

/** `ORDER BY` terms from MLflow's `order_by` entries ("metrics.rmse ASC", "name DESC", ...). */
export function orderBySql(orderBy: string[] | undefined, target: FilterTarget, params: SqlParams): string[] {
  return (orderBy ?? []).map((entry) => {
    const match = /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(entry);
    if (match === null) throw MlflowError.invalid(`Invalid order_by clause '${entry}'`);
    const direction = (match[2] ?? 'ASC').toUpperCase();
    const [kind, key] = splitIdentifier(match[1]);
    if (kind === 'attribute') {
      const attribute = target.attributes[key];
      if (attribute === undefined) throw MlflowError.invalid(`Invalid order_by clause '${entry}': unknown attribute '${key}'`);
      return `${attribute.column} ${direction} NULLS LAST`;
    }
    const table = target.keyValues[kind];
    if (table === undefined) throw MlflowError.invalid(`Invalid order_by clause '${entry}': cannot order ${target.entity} by ${kind}s`);
    // Rows without the key sort last in both directions, as MLflow does.
    return `(SELECT x.value FROM ${table.table} x WHERE ${table.match} AND x.key = ${params.add(key)}) ${direction} NULLS LAST`;
  });
}

function splitIdentifier(text: string): [FilterKind, string] {
  const unquote = (s: string) => s.replace(/^[`"](.*)[`"]$/, '$1');
  const dot = text.indexOf('.');
  if (dot === -1) return ['attribute', unquote(text)];
  const prefix = text.slice(0, dot).toLowerCase();
  const kinds: Record<string, FilterKind> = { metrics: 'metric', metric: 'metric', params: 'param', param: 'param', tags: 'tag', tag: 'tag', attributes: 'attribute', attribute: 'attribute', attr: 'attribute' };
  const kind = kinds[prefix];
  if (kind === undefined) throw MlflowError.invalid(`Invalid order_by entity '${prefix}'`);
  return [kind, unquote(text.slice(dot + 1))];
}
