/**
 * Reads one ratings line straight from its bytes: the hot loop of every import and of
 * `marquee evaluate`, so it allocates nothing per line. The same rules hold for every format:
 * ids are positive 32-bit integers, the rating a number from 0.5 to 5.0 in half steps, the
 * timestamp whole seconds since 1970.
 */
import { quoteField } from './errors.ts';

/** Where the four rating fields sit on a line of one file format. */
export interface RatingLayout {
  /** Field separator: `,` (CSV), tab (ml-100k) or `::` (ml-1m). */
  separator: string;
  /** Number of fields on every line. */
  fieldCount: number;
  /** Field index of userId, movieId, rating and timestamp. */
  columns: { userId: number; movieId: number; rating: number; timestamp: number };
  /** The first line names the columns and is not a rating. */
  header: boolean;
}

export const ML100K_RATINGS: RatingLayout = {
  separator: '\t',
  fieldCount: 4,
  columns: { userId: 0, movieId: 1, rating: 2, timestamp: 3 },
  header: false,
};

export const ML1M_RATINGS: RatingLayout = { ...ML100K_RATINGS, separator: '::' };

const CSV_COLUMNS = ['userId', 'movieId', 'rating', 'timestamp'] as const;

/** The layout of a MovieLens ratings.csv from its header line; a string is the reason it is unusable. */
export function csvRatingLayout(header: string): RatingLayout | string {
  const names = header.replace(/^\uFEFF/, '').split(',').map((n) => n.trim());
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header must name ${CSV_COLUMNS.join(', ')}; found ${header.slice(0, 80)})`;
  }
  const at = (c: (typeof CSV_COLUMNS)[number]) => names.indexOf(c);
  return {
    separator: ',',
    fieldCount: names.length,
    columns: { userId: at('userId'), movieId: at('movieId'), rating: at('rating'), timestamp: at('timestamp') },
    header: true,
  };
}

const MAX_ID = 2 ** 31 - 1;

export class RatingLineParser {
  userId = 0;
  movieId = 0;
  rating = 0;
  /** Seconds since 1970, as in the files. */
  timestamp = 0;
  /** Start and end offset of each field of the last line parsed: [start0, end0, start1, end1, …]. */
  readonly bounds: Int32Array;
  private readonly sep0: number;
  private readonly sep1: number;
  private readonly sepLength: number;

  constructor(readonly layout: RatingLayout) {
    this.bounds = new Int32Array(layout.fieldCount * 2);
    this.sep0 = layout.separator.charCodeAt(0);
    this.sep1 = layout.separator.charCodeAt(1);
    this.sepLength = layout.separator.length;
  }

  /** Parses `buf[start, end)`; returns undefined when valid, else the reason it is not. */
  parse(buf: Uint8Array, start: number, end: number): string | undefined {
    const found = this.split(buf, start, end);
    if (found !== this.layout.fieldCount) {
      return `expected ${this.layout.fieldCount} fields separated by ${JSON.stringify(this.layout.separator)}, found ${found}`;
    }
    const { columns } = this.layout;
    const b = this.bounds;
    this.userId = digits(buf, b[columns.userId * 2], b[columns.userId * 2 + 1]);
    if (!(this.userId > 0 && this.userId <= MAX_ID)) return this.badId('userId', columns.userId, buf);
    this.movieId = digits(buf, b[columns.movieId * 2], b[columns.movieId * 2 + 1]);
    if (!(this.movieId > 0 && this.movieId <= MAX_ID)) return this.badId('movieId', columns.movieId, buf);
    this.rating = halfStars(buf, b[columns.rating * 2], b[columns.rating * 2 + 1]) / 2;
    if (!(this.rating >= 0.5)) {
      const s = b[columns.rating * 2];
      return `rating must be a number from 0.5 to 5.0 in steps of 0.5, got ${quoteField(buf, s, b[columns.rating * 2 + 1])}`;
    }
    this.timestamp = digits(buf, b[columns.timestamp * 2], b[columns.timestamp * 2 + 1]);
    if (this.timestamp < 0) {
      const s = b[columns.timestamp * 2];
      return `timestamp must be a whole number of seconds since 1970, got ${quoteField(buf, s, b[columns.timestamp * 2 + 1])}`;
    }
    return undefined;
  }

  /** Fills `bounds` and returns the number of fields (stops counting past the expected number). */
  private split(buf: Uint8Array, start: number, end: number): number {
    const b = this.bounds;
    const max = this.layout.fieldCount;
    let field = 0;
    let fieldStart = start;
    for (let k = start; k < end; k++) {
      if (buf[k] === this.sep0 && (this.sepLength === 1 || buf[k + 1] === this.sep1)) {
        if (field < max) {
          b[field * 2] = fieldStart;
          b[field * 2 + 1] = k;
        }
        field++;
        k += this.sepLength - 1;
        fieldStart = k + 1;
      }
    }
    if (field < max) {
      b[field * 2] = fieldStart;
      b[field * 2 + 1] = end;
    }
    return field + 1;
  }

  private badId(name: string, column: number, buf: Uint8Array): string {
    const s = this.bounds[column * 2];
    const e = this.bounds[column * 2 + 1];
    return `${name} must be a positive integer below 2^31, got ${quoteField(buf, s, e)}`;
  }
}

/** A non-negative integer written in ASCII digits, or -1. At most 15 digits, so it stays exact. */
function digits(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let k = start; k < end; k++) {
    const d = buf[k] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Twice the rating (an integer 1..10) when the field is a decimal from 0.5 to 5.0 in half steps,
 * else -1. Worked in integers, so "4.50" is accepted and "4.25" or "4.5000001" are not.
 */
function halfStars(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 8) return -1;
  let mantissa = 0;
  let scale = 1;
  let seenPoint = false;
  let seenDigit = false;
  for (let k = start; k < end; k++) {
    const c = buf[k];
    if (c === 0x2e && !seenPoint) {
      seenPoint = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return -1;
    seenDigit = true;
    mantissa = mantissa * 10 + d;
    if (seenPoint) scale *= 10;
  }
  if (!seenDigit || (2 * mantissa) % scale !== 0) return -1;
  const twice = (2 * mantissa) / scale;
  return twice >= 1 && twice <= 10 ? twice : -1;
}
