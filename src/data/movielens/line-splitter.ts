/**
 * Splits a byte stream into lines without decoding it, calling back once per line with a view into
 * the chunk (no copy unless a line straddles two chunks). Line numbers are 1-based and count
 * every line, header included, so they match what an editor shows. A trailing CR is dropped.
 */
import { InvalidLineError } from './errors.ts';

export type LineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

const NEWLINE = 0x0a;
const CR = 0x0d;
/** No MovieLens line comes near this; a longer one means a binary or corrupt file. */
const MAX_LINE_BYTES = 1 << 20;

export class LineSplitter {
  /** Number of the last line handed out. */
  line = 0;
  private carry: Buffer | undefined;

  constructor(private readonly file: string) {}

  push(chunk: Buffer, onLine: LineHandler): void {
    let start = 0;
    if (this.carry !== undefined) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.keep(Buffer.concat([this.carry, chunk]));
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, newline)]);
      this.carry = undefined;
      this.emit(joined, 0, joined.length, onLine);
      start = newline + 1;
    }
    let newline: number;
    while ((newline = chunk.indexOf(NEWLINE, start)) !== -1) {
      this.emit(chunk, start, newline, onLine);
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** Hands out the last line when the input does not end with a newline. */
  end(onLine: LineHandler): void {
    if (this.carry !== undefined) this.emit(this.carry, 0, this.carry.length, onLine);
    this.carry = undefined;
  }

  private keep(rest: Buffer): void {
    if (rest.length > MAX_LINE_BYTES) {
      throw new InvalidLineError(this.file, this.line + 1, `line longer than ${MAX_LINE_BYTES} bytes: not a text file?`);
    }
    this.carry = rest;
  }

  private emit(buf: Buffer, start: number, end: number, onLine: LineHandler): void {
    this.line++;
    onLine(buf, start, end > start && buf[end - 1] === CR ? end - 1 : end, this.line);
  }
}

/** Feeds a whole stream through a splitter; `onChunkDone` runs after each chunk's lines. */
export async function forEachLine(
  file: string,
  source: AsyncIterable<Buffer>,
  onLine: LineHandler,
  onChunkDone?: (chunkBytes: number) => void,
): Promise<number> {
  const splitter = new LineSplitter(file);
  for await (const chunk of source) {
    splitter.push(chunk, onLine);
    onChunkDone?.(chunk.length);
  }
  splitter.end(onLine);
  return splitter.line;
}
