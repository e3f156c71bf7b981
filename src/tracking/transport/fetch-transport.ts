import { MlflowError } from '../mlflow-error.ts';
import { authorizationOf, NO_CREDENTIALS_HINT, type TrackingCredentials } from './credentials.ts';
import { queryString, type MlflowTransport, type TransportRequest, type TransportResponse } from './transport.ts';

/**
 * Talks to a tracking server over HTTP; `baseUrl` is the tracking URI (a path prefix is kept).
 * Every request, artifact uploads and downloads through the `mlflow-artifacts` proxy included,
 * carries the credentials' Authorization header, as MLflow's client sends it to both.
 */
export class FetchTransport implements MlflowTransport {
  private readonly baseUrl: string;
  // Private (#) so that inspecting or logging the transport cannot show the secret.
  readonly #authorization: string | undefined;
  private readonly sends: string;

  constructor(baseUrl: string, credentials?: TrackingCredentials) {
    if (!URL.canParse(baseUrl)) throw new Error(`MLFLOW_TRACKING_URI: ${JSON.stringify(baseUrl)} is not a URL`);
    const url = new URL(baseUrl);
    // Messages print the URI; a password in it would be printed too (and fetch refuses such URLs).
    if (url.username !== '' || url.password !== '') {
      throw new Error('MLFLOW_TRACKING_URI: put credentials in MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, not in the URL');
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    const authorization = authorizationOf(credentials);
    this.#authorization = authorization?.header;
    this.sends = authorization ? `requests carry ${authorization.describe}` : `requests carry no credentials: ${NO_CREDENTIALS_HINT}`;
  }

  describe(): string {
    return this.baseUrl;
  }

  describeCredentials(): string {
    return this.sends;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const url = `${this.baseUrl}${request.path}${queryString(request.query)}`;
    const headers: Record<string, string> = {};
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    let body: string | Buffer | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.bytes !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      body = request.bytes;
    }
    let response: Response;
    try {
      response = await fetch(url, { method: request.method, headers, body });
    } catch (cause) {
      const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
      throw new MlflowError(0, 'CONNECTION_FAILED', `${request.method} ${url} failed: ${reason}`, { cause });
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: Buffer.from(await response.arrayBuffer()),
    };
  }
}
