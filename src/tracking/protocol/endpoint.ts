/**
 * One MLflow REST endpoint, described once: method, path under `/api/2.0/mlflow`, request schema
 * (query string for GET, JSON body otherwise: MLflow's DELETE endpoints read a body too) and the
 * 200 response schema. The server registers routes from these and the client calls them, so both
 * sides agree by construction; the recorded exchanges keep that agreement honest.
 */
import type { Static, TSchema } from 'typebox';

export interface Endpoint<Request extends TSchema = TSchema, Response extends TSchema = TSchema> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the API root, e.g. `/experiments/create`. */
  path: string;
  summary: string;
  request: Request;
  response: Response;
}

export type RequestOf<E extends Endpoint> = Static<E['request']>;
export type ResponseOf<E extends Endpoint> = Static<E['response']>;

export function endpoint<Request extends TSchema, Response extends TSchema>(
  definition: Endpoint<Request, Response>,
): Endpoint<Request, Response> {
  return definition;
}
