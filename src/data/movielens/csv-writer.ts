/**
 * Writes CSV for COPY straight into large byte buffers: numbers and already-validated fields are
 * copied byte for byte, so millions of rows cost no string per row.
 */
import { ByteChunks } from '../db/byte-chunks.ts';

const COMMA = 0x2c;
const NEWLINE = 0x0a;

export class CsvWriter extends ByteChunks {
  /** Copies bytes that need no quoting (digits, a validated number). */
  bytes(src: Uint8Array, start: number, end: number): this {
    this.room(end - start);
    // Fields are a few bytes long: a loop beats making a subarray view for each of them.
    if (end - start < 64) {
      for (let k = start; k < end; k++) this.buf[this.at++] = src[k];
    } else {
      this.buf.set(src.subarray(start, end), this.at);
      this.at += end - start;
    }
    return this;
  }

  int(n: number): this {
    this.room(22);
    this.at += this.buf.write(String(n), this.at, 'latin1');
    return this;
  }

  /** A text field, quoted when it holds a comma, quote or line break; undefined is SQL NULL. */
  text(value: string | undefined): this {
    if (value === undefined) return this;
    const quoted = /[",\r\n]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value;
    const bytes = Buffer.byteLength(quoted);
    this.room(bytes);
    this.at += this.buf.write(quoted, this.at, 'utf8');
    return this;
  }

  comma(): this {
    this.room(1);
    this.buf[this.at++] = COMMA;
    return this;
  }

  endRow(): this {
    this.room(1);
    this.buf[this.at++] = NEWLINE;
    return this;
  }
}
