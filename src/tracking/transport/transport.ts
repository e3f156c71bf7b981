/**
 * How the MLflow client reaches a server: over HTTP with fetch (MLFLOW_TRACKING_URI), or in-process
 * into the embedded Fastify app with `inject`. The client only builds requests and reads answers.
 */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute path from the server root, e.g. `/api/2.0/mlflow/runs/get`. */
  path: string;
  query?: Record<string, string | string[]>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as raw bytes (artifact uploads). */
  bytes?: Buffer;
}

export interface TransportResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface MlflowTransport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** For messages: where requests go. */
  describe(): string;
  /** For messages when the server refuses a request (401, 403): what credentials were sent, never their value. */
  describeCredentials?(): string;
}

export function queryString(query: TransportRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
