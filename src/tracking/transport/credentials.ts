/**
 * The credentials an MLflow client sends to a tracking server, read from the same variables as
 * MLflow's own client: MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD (HTTP Basic) and
 * MLFLOW_TRACKING_TOKEN (Bearer). When a username, a password and a token are all set, Basic is
 * sent, as MLflow's `http_request` does (mlflow/utils/rest_utils.py checks the pair first), so one
 * environment gives the same header to Marquee and to Python clients.
 *
 * The secret itself only ever goes into the header: `describe` names the variables, never values.
 */
export interface TrackingCredentials {
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

export interface Authorization {
  /** The `Authorization` header value. */
  readonly header: string;
  /** What is sent, in words, for messages: the scheme and the variables, never the secret. */
  readonly describe: string;
}

/** A bearer token is one header word (RFC 6750's b64token is stricter): visible ASCII, no spaces. */
export const TOKEN_PATTERN = /^[\x21-\x7e]+$/;

/** HTTP Basic forbids a colon in the user name (RFC 7617); control characters never belong in it. */
export const USERNAME_PATTERN = /^[^:\p{Cc}]+$/u;

export const NO_CREDENTIALS_HINT = 'set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD';

export function authorizationOf(credentials: TrackingCredentials | undefined): Authorization | undefined {
  const { token, username, password } = credentials ?? {};
  // Checked here as well as in the configuration: fetch's error for a bad header would quote it.
  if (token && !TOKEN_PATTERN.test(token)) throw new Error('MLFLOW_TRACKING_TOKEN: expected visible ASCII characters without spaces');
  if (username && !USERNAME_PATTERN.test(username)) throw new Error('MLFLOW_TRACKING_USERNAME: a colon or a control character cannot be sent in HTTP Basic');
  if (username && password) {
    return {
      header: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`,
      describe: `HTTP Basic credentials for user ${JSON.stringify(username)} (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)`,
    };
  }
  if (token) return { header: `Bearer ${token}`, describe: 'the bearer token of MLFLOW_TRACKING_TOKEN' };
  return undefined;
}
