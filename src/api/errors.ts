/**
 * The error type routes and services throw for a client-visible failure. Like the project's other
 * typed errors it carries its HTTP `status`; the error handler turns any error with a 4xx status into
 * `{ error, message, field? }`, and everything else into an opaque 500.
 */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    message: string,
    /** JSON path of the offending input value, when one value is to blame. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, message, field);
export const notFound = (message: string) => new HttpError(404, message);
