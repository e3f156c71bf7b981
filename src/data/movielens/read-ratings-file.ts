/**
 * Reads a ratings file straight into typed arrays, with no database: what `marquee evaluate`
 * uses to score algorithms on a MovieLens file. Accepts a file (optionally gzipped) or a data set
 * directory, where it picks ratings.csv, u.data or ratings.dat. Same checks as the import.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { RatingArrays } from '../../engine/trainset.ts';
import { RatingArraysBuilder } from '../rating-arrays-builder.ts';
import { DatasetNotFoundError, InvalidLineError } from './errors.ts';
import { LineSplitter } from './line-splitter.ts';
import type { RatingLayout } from './rating-line.ts';
import { csvRatingLayout, ML100K_RATINGS, ML1M_RATINGS, RatingLineParser } from './rating-line.ts';

export type RatingsFileFormat = 'auto' | 'csv' | 'ml-100k' | 'ml-1m';

const IN_DIRECTORY = ['ratings.csv', 'u.data', 'ratings.dat'];

export async function readRatingsFile(path: string, format: RatingsFileFormat = 'auto'): Promise<RatingArrays> {
  const file = ratingsFileAt(path);
  const stream: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  const source = file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
  let layout: RatingLayout | 'csv' | undefined = format === 'auto' ? layoutFromName(file) : fixedLayout(format);
  let parser: RatingLineParser | undefined;
  const builder = new RatingArraysBuilder(1 << 17);
  const onLine = (buf: Buffer, start: number, end: number, line: number) => {
    if (parser === undefined) {
      layout ??= sniff(buf.toString('latin1', start, end));
      if (layout === 'csv') {
        const found = csvRatingLayout(buf.toString('utf8', start, end));
        if (typeof found === 'string') throw new InvalidLineError(file, line, found);
        parser = new RatingLineParser(found);
        return;
      }
      parser = new RatingLineParser(layout);
    }
    if (start === end) return;
    const problem = parser.parse(buf, start, end);
    if (problem !== undefined) throw new InvalidLineError(file, line, problem);
    builder.push(parser.userId, parser.movieId, parser.rating, parser.timestamp * 1000);
  };
  const splitter = new LineSplitter(file);
  for await (const chunk of source) splitter.push(chunk as Buffer, onLine);
  splitter.end(onLine);
  return builder.build();
}

function ratingsFileAt(path: string): string {
  if (!existsSync(path)) throw new DatasetNotFoundError(`missing file: ${path}`);
  if (!statSync(path).isDirectory()) return path;
  const found = IN_DIRECTORY.map((name) => join(path, name)).find((p) => existsSync(p));
  if (!found) throw new DatasetNotFoundError(`${path}: no ratings file (looked for ${IN_DIRECTORY.join(', ')})`);
  return found;
}

function fixedLayout(format: Exclude<RatingsFileFormat, 'auto'>): RatingLayout | 'csv' {
  return format === 'csv' ? 'csv' : format === 'ml-100k' ? ML100K_RATINGS : ML1M_RATINGS;
}

/** The official names first: `ratings.csv`, `u.data` (and its splits `u1.base`…), `ratings.dat`. */
function layoutFromName(file: string): RatingLayout | 'csv' | undefined {
  const name = basename(file).replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name === 'u.data' || /\.(base|test)$/.test(name)) return ML100K_RATINGS;
  if (name.endsWith('.dat')) return ML1M_RATINGS;
  return undefined;
}

/** Otherwise the first line tells: `::` (ml-1m), a tab (ml-100k), or a CSV header. */
function sniff(firstLine: string): RatingLayout | 'csv' {
  if (firstLine.includes('::')) return ML1M_RATINGS;
  if (firstLine.includes('\t')) return ML100K_RATINGS;
  return 'csv';
}
