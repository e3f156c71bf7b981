/**
 * Stages a ratings file: each line is checked, then written for COPY, field by field as bytes. This is the path of tens of millions of rows, so nothing here decodes text or
 * allocates per line; memory holds one input chunk and about a megabyte of output at a time.
 */
import { CopyBinaryWriter } from '../db/copy-binary-writer.ts';
import { CsvWriter } from './csv-writer.ts';
import { InvalidLineError } from './errors.ts';
import { LineSplitter } from './line-splitter.ts';
import type { RatingLayout } from './rating-line.ts';
import { csvRatingLayout, RatingLineParser } from './rating-line.ts';
import type { DatasetFile } from './sources/dataset-source.ts';
import type { OnRead, StagedTable } from './staging.ts';

const MOVIELENS = Buffer.from('movielens');

/** `layout` is 'csv' when the file's header says where the columns are. */
export function stagedRatings(file: DatasetFile, layout: RatingLayout | 'csv'): StagedTable {
  return {
    table: 'ratings',
    path: file.path,
    size: file.size,
    stage: (onRead) => stageRatings(file, layout, onRead, 'staging'),
    bulk: {
      columns: ['user_id', 'movie_id', 'rating', 'rated_at', 'source'],
      format: 'binary',
      stage: (onRead) => stageRatings(file, layout, onRead, 'ratings'),
    },
  };
}

/**
 * `into` is 'staging' for the staging table (CSV: line, ids, rating, epoch seconds), or 'ratings'
 * for a bulk load straight into the ratings table (binary COPY: ids, rating, timestamptz, source).
 */
async function* stageRatings(
  file: DatasetFile,
  layout: RatingLayout | 'csv',
  onRead: OnRead,
  into: 'staging' | 'ratings',
): AsyncGenerator<Buffer> {
  const w = new CsvWriter();
  const binary = into === 'ratings' ? new CopyBinaryWriter() : undefined;
  let parser = layout === 'csv' ? undefined : new RatingLineParser(layout);
  let rows = 0;
  const onLine = (buf: Buffer, start: number, end: number, line: number) => {
    if (parser === undefined) {
      const found = csvRatingLayout(buf.toString('utf8', start, end));
      if (typeof found === 'string') throw new InvalidLineError(file.path, line, found);
      parser = new RatingLineParser(found);
      return;
    }
    if (start === end) return;
    const problem = parser.parse(buf, start, end);
    if (problem !== undefined) throw new InvalidLineError(file.path, line, problem);
    rows++;
    if (binary) {
      binary.row(5, 64).int4(parser.userId).int4(parser.movieId).halfSteps(parser.rating * 2);
      binary.timestampSeconds(parser.timestamp).bytes(MOVIELENS);
      return;
    }
    const { bounds, layout: { columns } } = parser;
    w.int(line).comma();
    w.bytes(buf, bounds[columns.userId * 2], bounds[columns.userId * 2 + 1]).comma();
    w.bytes(buf, bounds[columns.movieId * 2], bounds[columns.movieId * 2 + 1]).comma();
    w.bytes(buf, bounds[columns.rating * 2], bounds[columns.rating * 2 + 1]).comma();
    w.bytes(buf, bounds[columns.timestamp * 2], bounds[columns.timestamp * 2 + 1]).endRow();
  };
  const splitter = new LineSplitter(file.path);
  for await (const chunk of await file.open()) {
    splitter.push(chunk as Buffer, onLine);
    onRead((chunk as Buffer).length, rows);
    yield* binary ? binary.take() : w.take();
  }
  splitter.end(onLine);
  if (parser === undefined) throw new InvalidLineError(file.path, 1, 'empty file: expected a header line');
  onRead(0, rows);
  yield* binary ? binary.take(true) : w.take(true);
}
