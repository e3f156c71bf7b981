/**
 * Integer arrays as query parameters. The Database port takes scalar parameters only, so a list
 * travels as a PostgreSQL array literal and is cast in SQL (`$1::int[]`); both drivers handle that
 * the same.
 */

export function intArray(values: Iterable<number>): string {
  return `{${Array.from(values, (v) => {
    if (!Number.isInteger(v)) throw new TypeError(`not an integer: ${v}`);
    return v;
  }).join(',')}}`;
}
