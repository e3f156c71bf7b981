/** Schemas shared by every route group: ids, the error body, and the error responses per status. */
import { Type } from 'typebox';

/** Database ids are PostgreSQL `integer`s: bounding them here keeps an oversized id a 400, not a 500. */
export const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/**
 * PostgreSQL text cannot hold U+0000: a string reaching SQL must be refused here (400), not by the
 * database (500). validation-field.ts words this pattern's failure for people.
 */
export const NO_NUL = '^[^\\u0000]*$';

export const Text = (options: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ ...options, pattern: NO_NUL });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: 'The HTTP status text' }),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: 'JSON path of the offending input value' })),
  },
  { description: 'An error; `field` names the offending input when one value is to blame' },
);

const errorDescriptions = {
  400: 'Invalid input',
  401: 'Missing or wrong API key',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body larger than the limit',
  415: 'Unsupported media type',
  503: 'Not available now',
} as const;

/** `{ 400: ErrorResponse, 404: ErrorResponse, ... }` with a description per status for OpenAPI. */
export function errorResponses<const S extends keyof typeof errorDescriptions>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, Type.Object(ErrorResponse.properties, { description: errorDescriptions[s] })]),
  ) as Record<S, typeof ErrorResponse>;
}
