/**
 * The binary-format twin of csv-blobs.ts: PGlite COPYs one in-memory blob at a time, so a binary
 * COPY stream is cut at row boundaries into blobs of about `maxBytes`, each made a complete COPY
 * document again (the stream's header in front, the end marker behind).
 */
import type { Readable } from 'node:stream';

const HEADER_BYTES = 19; // signature (11), flags (4), header extension length (4, always 0 here)
const TRAILER = Buffer.from([0xff, 0xff]);

export async function* binaryBlobs(data: Readable, maxBytes = 16 << 20): AsyncGenerator<Buffer> {
  let header: Buffer | undefined;
  let parts: Buffer[] = [];
  let size = 0;
  /** Joins what has arrived, takes the header off the first piece, cuts after the last whole row. */
  const cut = () => {
    let buf = Buffer.concat(parts, size);
    if (header === undefined) {
      header = Buffer.from(buf.subarray(0, HEADER_BYTES));
      buf = buf.subarray(HEADER_BYTES);
    }
    const end = completeRows(buf);
    parts = [buf.subarray(end)];
    size = parts[0].length;
    return end > 0 ? Buffer.concat([header, buf.subarray(0, end), TRAILER]) : undefined;
  };
  for await (const piece of data) {
    parts.push(piece as Buffer);
    size += (piece as Buffer).length;
    if (size < maxBytes || (header === undefined && size < HEADER_BYTES)) continue;
    const blob = cut();
    if (blob) yield blob;
  }
  if (size < (header === undefined ? HEADER_BYTES : 1)) return;
  const blob = cut();
  if (blob) yield blob;
}

/** Walks whole rows from the start; returns the offset just past the last complete one. */
function completeRows(buf: Buffer): number {
  let at = 0;
  while (at + 2 <= buf.length) {
    const fields = buf.readInt16BE(at);
    if (fields === -1) return at; // the end marker: added back to each blob
    let end = at + 2;
    for (let f = 0; f < fields && end !== -1; f++) {
      if (end + 4 > buf.length) end = -1;
      else {
        const length = buf.readInt32BE(end);
        end += 4 + Math.max(length, 0);
        if (end > buf.length) end = -1;
      }
    }
    if (end === -1) return at;
    at = end;
  }
  return at;
}
