/**
 * Errors caused by the data given to Marquee, not by Marquee: the CLI shows their message and
 * exits with code 2, the API answers with their `status`.
 */

/** A line of an input file that cannot be imported; the message reads `file:line: reason`. */
export class InvalidLineError extends Error {
  override name = 'InvalidLineError';
  readonly code = 'INVALID_LINE';
  readonly status = 422;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** A data set, file or archive that is missing or is not a MovieLens data set. */
export class DatasetNotFoundError extends Error {
  override name = 'DatasetNotFoundError';
  readonly code = 'DATASET_NOT_FOUND';
  readonly status = 404;
}

/** A download that failed or whose checksum does not match the published one. */
export class DownloadError extends Error {
  override name = 'DownloadError';
  readonly code = 'DOWNLOAD_FAILED';
  readonly status = 502;
}

/** Shows a field's raw bytes in a message: short, and readable whatever the encoding. */
export function quoteField(buf: Uint8Array, start: number, end: number): string {
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, Math.min(end - start, 40)).toString('latin1');
  return JSON.stringify(end - start > 40 ? `${text}…` : text);
}
