/**
 * The base of Marquee's typed errors: a stable `code` for programs and logs, and the HTTP `status`
 * the API answers with. The API's error handler and the CLI read only `status`: a 4xx is the
 * caller's to fix (its message is shown; the CLI exits with 2), anything else is Marquee's own.
 */
export class MarqueeError extends Error {
  override name = 'MarqueeError';

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
