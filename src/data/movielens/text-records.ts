/**
 * Records of the small text files (movies, tags, links) as string fields with their line number.
 * CSV files are UTF-8: a byte sequence that is not UTF-8 stops the import at its line, so a
 * mis-encoded file never lands in the database as replacement characters. The older formats
 * (`u.item`, `movies.dat`) are ISO-8859-1, where every byte is a character: there only control
 * characters, which no title holds, are rejected.
 */
import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidLineError } from './errors.ts';
import { LineSplitter } from './line-splitter.ts';
import type { DatasetFile } from './sources/dataset-source.ts';

export interface TextRecord {
  fields: string[];
  /** 1-based line number in the file (the record's last line, for a quoted field spanning lines). */
  line: number;
}

/** Called with each chunk's size as the file is read. */
export type OnBytes = (bytes: number) => void;

export async function* csvRecords(file: DatasetFile, onBytes: OnBytes = () => {}): AsyncGenerator<TextRecord> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  // pipeline (not pipe) so a failure of the source, such as invalid UTF-8, ends the parser with
  // that same error, which the loop below then throws; the promise itself needs no handling.
  pipeline(Readable.from(utf8Checked(file, await file.open(), onBytes)), parser).catch(() => {});
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { fields: record, line: info.lines };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw new InvalidLineError(file.path, line, error.message);
    }
    throw error;
  }
}

/** Passes the bytes through once each line has been checked to be UTF-8. */
async function* utf8Checked(file: DatasetFile, source: AsyncIterable<Buffer>, onBytes: OnBytes): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const splitter = new LineSplitter(file.path);
  const check = (buf: Buffer, start: number, end: number, line: number) => {
    try {
      decoder.decode(buf.subarray(start, end));
    } catch {
      throw new InvalidLineError(file.path, line, 'bytes that are not valid UTF-8 (the file must be UTF-8 encoded)');
    }
  };
  for await (const chunk of source) {
    splitter.push(chunk, check);
    onBytes(chunk.length);
    yield chunk;
  }
  splitter.end(check);
}

/** Records of a Latin-1 file whose fields are separated by `separator` (`|` or `::`). */
export async function* latin1Records(
  file: DatasetFile,
  separator: string,
  onBytes: OnBytes = () => {},
): AsyncGenerator<TextRecord> {
  const splitter = new LineSplitter(file.path);
  let ready: TextRecord[] = [];
  const collect = (buf: Buffer, start: number, end: number, line: number) => {
    if (start === end) return;
    for (let k = start; k < end; k++) {
      const b = buf[k];
      if ((b < 0x20 && b !== 0x09) || (b >= 0x7f && b < 0xa0)) {
        const code = b.toString(16).padStart(2, '0');
        throw new InvalidLineError(file.path, line, `byte 0x${code} is not a printable ISO-8859-1 character`);
      }
    }
    ready.push({ fields: buf.toString('latin1', start, end).split(separator), line });
  };
  for await (const chunk of await file.open()) {
    splitter.push(chunk as Buffer, collect);
    onBytes((chunk as Buffer).length);
    yield* ready;
    ready = [];
  }
  splitter.end(collect);
  yield* ready;
}
