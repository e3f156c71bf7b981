/**
 * Every failure leaves the tracking server as MLflow's `{error_code, message}`: MlflowError with
 * its own status, schema violations as 400 INVALID_PARAMETER_VALUE in MLflow's wording, and
 * anything unexpected as 500 INTERNAL_ERROR, logged with the request and shown without internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MlflowError } from '../mlflow-error.ts';

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

export function trackingErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mlflow = toMlflowError(error, request);
  if (mlflow.status >= 500) request.log.error({ err: error, url: request.url, method: request.method }, 'tracking request failed');
  return reply.status(mlflow.status).send({ error_code: mlflow.errorCode, message: mlflow.message });
}

function toMlflowError(error: FastifyError | Error, request: FastifyRequest): MlflowError {
  if (error instanceof MlflowError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation && fastifyError.validation.length > 0) {
    const source = fastifyError.validationContext === 'querystring' ? request.query : request.body;
    return validationError(fastifyError.validation[0], source);
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return new MlflowError(status, 'BAD_REQUEST', error.message);
  return new MlflowError(500, 'INTERNAL_ERROR', 'Internal error in the tracking server; see the server log');
}

function validationError(issue: ValidationIssue, source: unknown): MlflowError {
  const path = issue.instancePath.split('/').filter((p) => p !== '');
  if (issue.keyword === 'required') {
    const missing = String((issue.params as { missingProperty?: string }).missingProperty);
    return MlflowError.missing(fieldName([...path, missing]));
  }
  const value = path.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], source);
  return MlflowError.invalid(`Invalid value ${JSON.stringify(value)} for parameter '${fieldName(path)}' supplied: ${issue.message ?? 'invalid'}`);
}

/** `['tags', '0', 'key']` → `tags[0].key` */
function fieldName(path: string[]): string {
  return path.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`), '');
}

/** Unknown paths under the API roots. A real MLflow server answers with an HTML page; JSON is friendlier. */
export function endpointNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send({ error_code: 'ENDPOINT_NOT_FOUND', message: `No tracking endpoint ${request.method} ${request.url.split('?')[0]}` });
}
