import { MlflowError } from '../mlflow-error.ts';
import { queryString, type MlflowTransport, type TransportRequest, type TransportResponse } from './transport.ts';

/** Talks to a tracking server over HTTP; `baseUrl` is the tracking URI (a path prefix is kept). */
export class FetchTransport implements MlflowTransport {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    if (!URL.canParse(baseUrl)) throw new Error(`MLFLOW_TRACKING_URI: ${JSON.stringify(baseUrl)} is not a URL`);
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  describe(): string {
    return this.baseUrl;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const url = `${this.baseUrl}${request.path}${queryString(request.query)}`;
    const headers: Record<string, string> = {};
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
