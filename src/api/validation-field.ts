/**
 * Turns a schema validation failure into the `field` and `message` of a 400: the field is the JSON
 * path of the offending value as the client wrote it (`user_id`, `[3].movie_id`, `genres[0]`).
 */
import type { FastifyError, FastifySchemaValidationError } from 'fastify';
import { NO_NUL } from './schemas/common.ts';

type Part = FastifyError['validationContext'];

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The most specific of the errors. A body that may be one object or an array of them gets one error
 * per alternative: the deepest error is what the client got wrong, and at equal depth a broken rule
 * (too many items) says more than "not the other alternative's type".
 */
export function describeValidation(errors: FastifySchemaValidationError[], part: Part): FieldError {
  const candidates = errors.filter((e) => e.keyword !== 'anyOf');
  let best = candidates[0] ?? errors[0];
  for (const error of candidates) {
    const deeper = pathSegments(error).length - pathSegments(best).length;
    if (deeper > 0 || (deeper === 0 && best.keyword === 'type' && error.keyword !== 'type')) best = error;
  }
  const field = formatPath(pathSegments(best), part);
  if (best.keyword === 'type') {
    // Every alternative wanted another type here: name them all ("must be object or array").
    const types = candidates.filter((e) => e.keyword === 'type' && e.instancePath === best.instancePath).map((e) => e.params.type);
    return { field, message: `${field} must be ${[...new Set(types)].join(' or ')}` };
  }
  return { field, message: messageOf(best, field) };
}

/** `/0/movie_id` → ['0', 'movie_id']; a missing or unknown property adds its own name. */
function pathSegments(error: FastifySchemaValidationError): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const named = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof named === 'string') segments.push(named);
  return segments;
}

/** ['0', 'movie_id'] → `[0].movie_id`; no segments name the request part itself. */
function formatPath(segments: string[], part: Part): string {
  if (segments.length === 0) return part === 'querystring' ? 'query' : (part ?? 'body');
  let path = '';
  for (const s of segments) path += /^\d+$/.test(s) ? `[${s}]` : path === '' ? s : `.${s}`;
  return path;
}

function messageOf(error: FastifySchemaValidationError, field: string): string {
  if (error.keyword === 'required') return `${field} is required`;
  if (error.keyword === 'additionalProperties') return `${field} is not a known property`;
  if (error.keyword === 'pattern' && error.params.pattern === NO_NUL) return `${field} must not contain NUL characters`;
  return `${field} ${error.message ?? 'is invalid'}`;
}
