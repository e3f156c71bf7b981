/**
 * The one error handler and the 404 handler. Every error leaves as `{ error, message, field? }`:
 * validation failures name the offending field; 4xx errors keep their message, whether Fastify's own
 * (`statusCode`: 413, 415, bad JSON) or the project's typed errors (`status`: HttpError, a missing
 * data set...); anything else keeps its 5xx status (500 when it has none) with a generic message,
 * its details and stack staying in the log, never in the body.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors.ts';
import { describeValidation } from '../../validation-field.ts';

interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

type AnyError = FastifyError | (Error & { status?: unknown; statusCode?: unknown });

function statusOf(err: AnyError): number {
  const status = err.statusCode ?? ('status' in err ? err.status : undefined);
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
}

function toResponse(err: AnyError): { status: number; body: ErrorBody } {
  if ('validation' in err && err.validation && err.validation.length > 0) {
    const { field, message } = describeValidation(err.validation, err.validationContext);
    return { status: 400, body: { error: STATUS_CODES[400]!, message, field } };
  }
  const status = statusOf(err);
  if (status < 500) {
    const body: ErrorBody = { error: STATUS_CODES[status] ?? 'Client Error', message: err.message };
    if (err instanceof HttpError && err.field !== undefined) body.field = err.field;
    return { status, body };
  }
  return { status, body: { error: STATUS_CODES[status] ?? 'Server Error', message: 'The server failed to answer this request; the error is in its log.' } };
}

async function errorHandler(fastify: FastifyInstance) {
  fastify.setErrorHandler((err: AnyError, request, reply) => {
    const { status, body } = toResponse(err);
    if (status >= 500) request.log.error({ err, method: request.method, url: request.url }, 'request failed');
    else request.log.info({ status, message: body.message, field: body.field }, 'request rejected');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  fastify.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: STATUS_CODES[404], message: `Route ${request.method} ${request.url.split('?')[0]} not found` }),
  );
}

export default fp(errorHandler, { name: 'error-handler' });
