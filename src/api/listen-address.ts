/**
 * Where the server may listen. Without MARQUEE_API_KEY the write routes are open to anyone who can
 * connect, so the server then stays on the loopback interface; asked for another address without a
 * key it refuses to start rather than expose them.
 */

export class UnsafeListenAddressError extends Error {
  override name = 'UnsafeListenAddressError';
  readonly code = 'UNSAFE_LISTEN_ADDRESS';
  /** A configuration error: the CLI exits with code 2, as for any 4xx. */
  readonly status = 400;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

export interface ListenPlan {
  host: string;
  /** A line to print at start about who can reach the write routes. */
  notice: string;
}

export function planListen(host: string, apiKey: string | undefined): ListenPlan {
  if (apiKey !== undefined) return { host, notice: 'write routes require Authorization: Bearer <MARQUEE_API_KEY>' };
  if (!isLoopback(host)) {
    throw new UnsafeListenAddressError(
      `refusing to listen on HOST=${host} without MARQUEE_API_KEY: anyone reaching that address could write ratings. ` +
        'Set MARQUEE_API_KEY, or leave HOST at 127.0.0.1.',
    );
  }
  return { host, notice: `no MARQUEE_API_KEY set: listening on ${host} only, write routes are open to local clients` };
}
