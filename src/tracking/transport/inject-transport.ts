import type { FastifyInstance } from 'fastify';
import { queryString, type MlflowTransport, type TransportRequest, type TransportResponse } from './transport.ts';

/**
 * Calls the embedded tracking server in-process through Fastify's `inject`: the same requests and
 * answers as over HTTP, without a socket. `prefix` is where the tracking plugin is mounted.
 */
export class InjectTransport implements MlflowTransport {
  constructor(
    private readonly app: Pick<FastifyInstance, 'inject'>,
    private readonly prefix = '',
  ) {}

  describe(): string {
    return `embedded tracking server${this.prefix === '' ? '' : ` at ${this.prefix}`}`;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const json = request.json !== undefined;
    const response = await this.app.inject({
      method: request.method,
      url: `${this.prefix}${request.path}${queryString(request.query)}`,
      headers: json ? { 'content-type': 'application/json' } : request.bytes ? { 'content-type': 'application/octet-stream' } : {},
      payload: json ? JSON.stringify(request.json) : request.bytes,
    });
    return {
      status: response.statusCode,
      contentType: String(response.headers['content-type'] ?? ''),
      body: response.rawPayload,
    };
  }
}
