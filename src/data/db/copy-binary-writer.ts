/**
 * Writes PostgreSQL's binary COPY format, for the one bulk load where parsing text on the server
 * is the bottleneck: tens of millions of ratings. Binary values need no parsing (measured: COPY of
 * 1M ratings 0.7 s binary against 1.3 s CSV), and are written straight into large buffers.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
import { ByteChunks } from './byte-chunks.ts';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Seconds from 1970-01-01 (Unix) to 2000-01-01 (PostgreSQL's epoch for timestamps). */
const PG_EPOCH_SECONDS = 946_684_800;
const TWO_POW_32 = 2 ** 32;

export class CopyBinaryWriter extends ByteChunks {
  constructor() {
    super();
    this.room(SIGNATURE.length + 8);
    this.at += SIGNATURE.copy(this.buf, this.at);
    this.at = this.buf.writeInt32BE(0, this.at); // flags: no OIDs
    this.at = this.buf.writeInt32BE(0, this.at); // no header extension
  }

  /** Starts a row; `maxBytes` bounds what its fields take, so the row stays in one buffer. */
  row(fieldCount: number, maxBytes: number): this {
    this.room(2 + maxBytes);
    this.at = this.buf.writeInt16BE(fieldCount, this.at);
    return this;
  }

  int4(value: number): this {
    this.at = this.buf.writeInt32BE(4, this.at);
    this.at = this.buf.writeInt32BE(value, this.at);
    return this;
  }

  /**
   * A numeric from a count of half steps (9 → 4.5), with one decimal like numeric(2,1): base-10000
   * digits, so 4.5 is the digits [4, 5000] with weight 0, and 0.5 the digit [5000] with weight -1.
   */
  halfSteps(twice: number): this {
    const whole = twice >> 1;
    const half = twice & 1;
    const digits = (whole > 0 ? 1 : 0) + half;
    this.at = this.buf.writeInt32BE(8 + 2 * digits, this.at);
    this.at = this.buf.writeInt16BE(digits, this.at);
    this.at = this.buf.writeInt16BE(whole > 0 ? 0 : -1, this.at); // weight of the first digit
    this.at = this.buf.writeInt16BE(0, this.at); // sign: positive
    this.at = this.buf.writeInt16BE(1, this.at); // display scale: one decimal
    if (whole > 0) this.at = this.buf.writeInt16BE(whole, this.at);
    if (half) this.at = this.buf.writeInt16BE(5000, this.at);
    return this;
  }

  /** A timestamptz from seconds since 1970: microseconds since 2000 as a signed 64-bit integer. */
  timestampSeconds(seconds: number): this {
    const micros = (seconds - PG_EPOCH_SECONDS) * 1_000_000; // exact: far below 2^53
    const high = Math.floor(micros / TWO_POW_32);
    this.at = this.buf.writeInt32BE(8, this.at);
    this.at = this.buf.writeInt32BE(high, this.at);
    this.at = this.buf.writeUInt32BE(micros - high * TWO_POW_32, this.at);
    return this;
  }

  /** A text value already encoded as UTF-8. */
  bytes(value: Buffer): this {
    this.at = this.buf.writeInt32BE(value.length, this.at);
    this.at += value.copy(this.buf, this.at);
    return this;
  }

  /** Full buffers so far; with `end`, also the rest and the trailer that ends the COPY data. */
  override take(end = false): Buffer[] {
    if (end) {
      this.room(2);
      this.at = this.buf.writeInt16BE(-1, this.at);
    }
    return super.take(end);
  }
}
