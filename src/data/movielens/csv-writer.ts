/**
 * Writes CSV for COPY straight into large byte buffers: numbers and already-validated fields are
 * copied byte for byte, so millions of rows cost no string per row. Full buffers are collected and
 * taken with `take()` by whoever streams them to the database.
 */
const BUFFER_BYTES = 1 << 20;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

export class CsvWriter {
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private at = 0;
  private full: Buffer[] = [];

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

  /**
   * A UTC timestamp from seconds since 1970, as `YYYY-MM-DD HH:MM:SS+00` for a timestamptz column,
   * written digit by digit (days to civil date after Howard Hinnant's algorithm) because this
   * runs once per rating on the bulk-load path.
   */
  utcTimestamp(seconds: number): this {
    this.room(26);
    const days = Math.floor(seconds / 86400);
    let rest = seconds - days * 86400;
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    const hours = Math.floor(rest / 3600);
    rest -= hours * 3600;
    const minutes = Math.floor(rest / 60);
    this.digits(year, 4).byte(0x2d).digits(month, 2).byte(0x2d).digits(day, 2).byte(0x20);
    this.digits(hours, 2).byte(0x3a).digits(minutes, 2).byte(0x3a).digits(rest - minutes * 60, 2);
    return this.byte(0x2b).byte(0x30).byte(0x30);
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

  /** The buffers filled so far, plus the current one when `all` (at the end of the input). */
  take(all = false): Buffer[] {
    if (all && this.at > 0) {
      this.full.push(this.buf.subarray(0, this.at));
      this.buf = Buffer.allocUnsafe(BUFFER_BYTES);
      this.at = 0;
    }
    const taken = this.full;
    this.full = [];
    return taken;
  }

  /** `value` in exactly `width` digits, zero-padded (room already made by the caller). */
  private digits(value: number, width: number): this {
    for (let k = width - 1; k >= 0; k--) {
      this.buf[this.at + k] = 48 + (value % 10);
      value = Math.floor(value / 10);
    }
    this.at += width;
    return this;
  }

  private byte(b: number): this {
    this.buf[this.at++] = b;
    return this;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    if (this.at > 0) this.full.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(BUFFER_BYTES, bytes));
    this.at = 0;
  }
}
