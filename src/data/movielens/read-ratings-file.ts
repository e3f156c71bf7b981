/**
 * Reads a ratings file straight into typed arrays, with no database: what `marquee evaluate`
 * uses to score algorithms on a MovieLens file. Accepts a file (optionally gzipped) or a data set
 * directory, where it picks ratings.csv, u.data or ratings.dat. Same checks as the import.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { RatingArrays } from '../../engine/trainset.ts';
import { RatingArraysBuilder } from '../rating-arrays-builder.ts';
import { DatasetNotFoundError, InvalidLineError } from './errors.ts';
import { RatingBlockParser } from './rating-block-parser.ts';
import type { RatingLayout } from './rating-line.ts';
import { csvRatingLayout, ML100K_RATINGS, ML1M_RATINGS } from './rating-line.ts';

export type RatingsFileFormat = 'auto' | 'csv' | 'ml-100k' | 'ml-1m';

const IN_DIRECTORY = ['ratings.csv', 'u.data', 'ratings.dat'];
const NEWLINE = 0x0a;
const CR = 0x0d;
/** No MovieLens line comes near this; a longer one means a binary or corrupt file. */
const MAX_LINE_BYTES = 1 << 20;
/**
 * A plain file up to this size is read in one piece: quicker than a stream, and the parser then
 * runs once, optimized once (ml-100k and ml-latest-small are about 2 MB). Larger files and gzipped
 * ones stream in chunks of READ_CHUNK_BYTES, so memory stays bounded whatever their size.
 */
const WHOLE_FILE_BYTES = 64 << 20;
const READ_CHUNK_BYTES = 4 << 20;

/**
 * Each chunk is parsed as it arrives, whole lines at once (see rating-block-parser.ts); a line cut
 * by the chunk's end is carried over and joined to the next chunk.
 */
export async function readRatingsFile(path: string, format: RatingsFileFormat = 'auto'): Promise<RatingArrays> {
  const file = ratingsFileAt(path);
  const layout = format === 'auto' ? layoutFromName(file) : fixedLayout(format);
  const builder = new RatingArraysBuilder(1 << 17);
  let parser: RatingBlockParser | undefined;
  let carry: Buffer | undefined;
  for await (const chunk of await chunksOf(file)) {
    let buf = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    if (parser === undefined) {
      const newline = buf.indexOf(NEWLINE);
      if (newline === -1) {
        carry = kept(file, buf, 0);
        continue;
      }
      parser = parserFor(file, layout, builder, buf, newline);
      // A header was read as line 1: the ratings start after it.
      if (parser.line === 1) buf = buf.subarray(newline + 1);
    }
    const rest = parser.parse(buf);
    carry = rest < buf.length ? kept(file, buf.subarray(rest), parser.line) : undefined;
  }
  if (carry !== undefined) {
    if (parser === undefined) {
      // The whole file is one line, without a newline: a header alone, or one rating.
      parser = parserFor(file, layout, builder, carry, carry.length);
      if (parser.line === 0) parser.parseLast(carry);
    } else {
      parser.parseLast(carry);
    }
  }
  return builder.build();
}

async function chunksOf(file: string): Promise<AsyncIterable<Buffer> | Buffer[]> {
  if (file.endsWith('.gz')) return createReadStream(file).pipe(createGunzip());
  if (statSync(file).size <= WHOLE_FILE_BYTES) return [await readFile(file)];
  return createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
}

/**
 * The parser for the file, from its name or format, else from its first line `buf[0, newline)`.
 * A CSV's first line is its header: the parser then starts at line 2 (its `line` is 1).
 */
function parserFor(
  file: string,
  known: RatingLayout | 'csv' | undefined,
  builder: RatingArraysBuilder,
  buf: Buffer,
  newline: number,
): RatingBlockParser {
  const end = newline > 0 && buf[newline - 1] === CR ? newline - 1 : newline;
  const layout = known ?? sniff(buf.toString('latin1', 0, end));
  if (layout !== 'csv') return new RatingBlockParser(file, layout, builder);
  const found = csvRatingLayout(buf.toString('utf8', 0, end));
  if (typeof found === 'string') throw new InvalidLineError(file, 1, found);
  return new RatingBlockParser(file, found, builder, 1);
}

/** The unparsed end of a chunk, kept for the next one unless it is too long to be a line. */
function kept(file: string, rest: Buffer, linesBefore: number): Buffer {
  if (rest.length > MAX_LINE_BYTES) {
    throw new InvalidLineError(file, linesBefore + 1, `line longer than ${MAX_LINE_BYTES} bytes: not a text file?`);
  }
  return rest;
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
