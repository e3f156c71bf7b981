/**
 * The buffer handling the COPY writers share: bytes are written in place into large buffers, and
 * each full buffer is set aside whole for whoever streams it to the database, so millions of rows
 * cost no allocation per row.
 */
const BUFFER_BYTES = 1 << 20;

export class ByteChunks {
  protected buf = Buffer.allocUnsafe(BUFFER_BYTES);
  protected at = 0;
  private full: Buffer[] = [];

  /** Makes room for `bytes` more bytes, setting the current buffer aside when they do not fit. */
  protected room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    this.setAside();
    this.buf = Buffer.allocUnsafe(Math.max(BUFFER_BYTES, bytes));
  }

  /** The buffers set aside so far; with `all` (at the end of the input), the bytes of the current one too. */
  take(all = false): Buffer[] {
    if (all) {
      // Writing may go on after this: `room` then allocates a new buffer.
      this.setAside();
      this.buf = Buffer.allocUnsafe(0);
    }
    const taken = this.full;
    this.full = [];
    return taken;
  }

  private setAside(): void {
    if (this.at > 0) this.full.push(this.buf.subarray(0, this.at));
    this.at = 0;
  }
}
