/**
 * Registers one protocol endpoint as a Fastify route with its full schema: request (query string
 * for GET, body otherwise), the 200 answer, and the error body for every 4xx/5xx. Handlers get the
 * validated request typed from the same schema.
 */
import type { FastifyInstance } from 'fastify';
import type { Endpoint, RequestOf, ResponseOf } from '../../protocol/endpoint.ts';
import { ErrorBody } from '../../protocol/entities.ts';

export function addEndpoint<E extends Endpoint>(app: FastifyInstance, endpoint: E, handler: (request: RequestOf<E>) => Promise<ResponseOf<E>>): void {
  const where = endpoint.method === 'GET' ? 'querystring' : 'body';
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: {
      summary: endpoint.summary,
      tags: ['tracking'],
      [where]: endpoint.request,
      response: { 200: endpoint.response, '4xx': ErrorBody, '5xx': ErrorBody },
    },
    handler: (request) => handler((where === 'querystring' ? request.query : request.body) as RequestOf<E>),
  });
}
