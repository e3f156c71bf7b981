/**
 * COPY statements for both drivers. COPY takes no bind parameters, so the table and column names
 * are checked to be plain identifiers: they come from code, and this keeps it that way.
 */
const identifier = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function checked(name: string): string {
  if (!identifier.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** `source` is `STDIN` for a server, `'/dev/blob'` for PGlite. */
export function copyFromStatement(table: string, columns: string[], source: string, format: 'csv' | 'binary' = 'csv'): string {
  return `COPY ${checked(table)} (${columns.map(checked).join(', ')}) FROM ${source} WITH (FORMAT ${format === 'binary' ? 'binary' : 'csv'})`;
}

export function copyToStatement(query: string, target: string): string {
  return `COPY (${query}) TO ${target} WITH (FORMAT csv)`;
}
