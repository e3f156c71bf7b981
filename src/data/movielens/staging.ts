/**
 * Turns MovieLens records into CSV for the staging tables the import COPYs into. Every staged row
 * keeps its line number, so a problem found later in SQL (a duplicate key) still names its line.
 */
import { CsvWriter } from './csv-writer.ts';
import { InvalidLineError } from './errors.ts';
import { yearOfTitle } from './movie-title.ts';
import type { TextRecord } from './text-records.ts';

export type TableName = 'movies' | 'links' | 'tags' | 'ratings';

export const stagingColumns: Record<TableName, string[]> = {
  movies: ['line', 'movie_id', 'title', 'year', 'genres'],
  links: ['line', 'movie_id', 'imdb_id', 'tmdb_id'],
  tags: ['line', 'user_id', 'movie_id', 'tag', 'ts'],
  ratings: ['line', 'user_id', 'movie_id', 'rating', 'ts'],
};

/** Reports reading progress: bytes read since the last call and rows staged so far. */
export type OnRead = (bytes: number, rows: number) => void;

/** One table of one data set: which file feeds it and how its rows become staging CSV. */
export interface StagedTable {
  table: TableName;
  path: string;
  size: number;
  stage(onRead: OnRead): AsyncGenerator<Buffer>;
  /** How to load the table directly, without staging, when it is empty (the big tables). */
  bulk?: { columns: string[]; format: 'csv' | 'binary'; stage(onRead: OnRead): AsyncGenerator<Buffer> };
}

/** A record's fields checked as they are read; each failure names the file and line. */
export class FieldReader {
  constructor(
    private readonly file: string,
    readonly record: TextRecord,
  ) {}

  fail(reason: string): never {
    throw new InvalidLineError(this.file, this.record.line, reason);
  }

  expectFields(count: number, what = 'fields'): void {
    const found = this.record.fields.length;
    if (found !== count) this.fail(`expected ${count} ${what}, found ${found}`);
  }

  positiveInt(index: number, name: string): number {
    const text = this.record.fields[index];
    const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!(n > 0 && n < 2 ** 31)) this.fail(`${name} must be a positive integer below 2^31, got ${JSON.stringify(text)}`);
    return n;
  }

  optionalInt(index: number, name: string): number | undefined {
    return this.record.fields[index] === '' ? undefined : this.positiveInt(index, name);
  }

  seconds(index: number, name: string): number {
    const text = this.record.fields[index];
    if (!/^\d{1,15}$/.test(text)) this.fail(`${name} must be a whole number of seconds since 1970, got ${JSON.stringify(text)}`);
    return Number(text);
  }

  text(index: number, name: string): string {
    const value = this.record.fields[index].trim();
    if (value === '') this.fail(`${name} is empty`);
    return value;
  }
}

/** Column positions from a CSV header, naming every required column that is missing. */
function headerColumns<C extends string>(file: string, header: TextRecord, required: readonly C[]): Record<C, number> {
  const names = header.fields.map((f) => f.trim());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new InvalidLineError(
      file,
      header.line,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header must name ${required.join(', ')})`,
    );
  }
  return Object.fromEntries(required.map((c) => [c, names.indexOf(c)])) as Record<C, number>;
}

export function writeMovie(w: CsvWriter, line: number, movieId: number, title: string, genres: string[]): void {
  const year = yearOfTitle(title);
  w.int(line).comma().int(movieId).comma().text(title).comma();
  if (year !== undefined) w.int(year);
  w.comma().text(genres.join('|')).endRow();
}

/** Stages text records, handing COPY a batch of CSV after each batch of records. */
export async function* stageRecords(
  records: AsyncIterable<TextRecord>,
  write: (record: TextRecord, w: CsvWriter) => void,
  onRead: OnRead,
  read: ByteCounter,
): AsyncGenerator<Buffer> {
  const w = new CsvWriter();
  let rows = 0;
  let reported = 0;
  for await (const record of records) {
    write(record, w);
    rows++;
    if (rows % 4096 === 0) {
      onRead(read.bytes - reported, rows);
      reported = read.bytes;
      yield* w.take();
    }
  }
  onRead(read.bytes - reported, rows);
  yield* w.take(true);
}

/** Counts the bytes a record reader has consumed (record readers report chunk sizes). */
export class ByteCounter {
  bytes = 0;
  readonly add = (n: number): void => {
    this.bytes += n;
  };
}

/** Splits off a CSV file's header and finds the required columns in it. */
export async function withHeader<C extends string>(
  file: string,
  records: AsyncGenerator<TextRecord>,
  required: readonly C[],
): Promise<{ columns: Record<C, number>; width: number; rest: AsyncIterable<TextRecord> }> {
  const first = await records.next();
  if (first.done) throw new InvalidLineError(file, 1, `empty file: expected a header naming ${required.join(', ')}`);
  const columns = headerColumns(file, first.value, required);
  return { columns, width: first.value.fields.length, rest: { [Symbol.asyncIterator]: () => records } };
}
