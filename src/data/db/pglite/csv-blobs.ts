/**
 * PGlite's COPY reads from one in-memory blob, not a stream. To keep memory flat on big imports a
 * CSV stream is cut into blobs of about `maxBytes`, each ending on a record boundary: a newline
 * outside quotes, so a quoted field holding a newline is never split.
 */
import type { Readable } from 'node:stream';

const QUOTE = 0x22;
const NEWLINE = 0x0a;

export async function* csvBlobs(csv: Readable, maxBytes = 16 << 20): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let inQuote = false;
  /** Offset, within the pending bytes, just after the last record boundary; 0 = none yet. */
  let cut = 0;
  for await (const piece of csv) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
    if (!inQuote && chunk.indexOf(QUOTE) === -1) {
      const last = chunk.lastIndexOf(NEWLINE);
      if (last !== -1) cut = pendingBytes + last + 1;
    } else {
      for (let k = 0; k < chunk.length; k++) {
        const byte = chunk[k];
        if (byte === QUOTE) inQuote = !inQuote;
        else if (byte === NEWLINE && !inQuote) cut = pendingBytes + k + 1;
      }
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= maxBytes && cut > 0) {
      const all = Buffer.concat(pending, pendingBytes);
      yield all.subarray(0, cut);
      const rest = all.subarray(cut);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      cut = 0;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
