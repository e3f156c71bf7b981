/**
 * CORS_ORIGINS: a comma-separated list of origins (`https://app.example.org,http://localhost:5173`)
 * allowed to call the API from a browser. Unset or empty → CORS stays off. Each entry must be a bare
 * origin, so a typo such as a trailing path fails at start instead of silently matching nothing.
 */
export class CorsOriginsError extends Error {
  override name = 'CorsOriginsError';
  readonly code = 'CONFIG_INVALID';
  /** A configuration error: the CLI exits with code 2, as for any 4xx. */
  readonly status = 400;
}

export function parseCorsOrigins(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const origin = entry.trim();
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
      throw new CorsOriginsError(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.org (scheme, host and optional port, no path)`);
    }
    return origin;
  });
}
