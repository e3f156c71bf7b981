/**
 * Request validation with two Ajv instances. Query strings and path params arrive as text, so they
 * are coerced ("10" → 10, a lone `genre=x` → ["x"]); JSON bodies are not, so `"rating": true` is a
 * 400 instead of a silent 1. Unknown body properties are rejected rather than silently dropped, so a
 * misspelt field is reported by name.
 *
 * Ajv coerces text such as "1e400" to Infinity and then skips `minimum` and `maximum`, which it
 * applies to finite numbers only; so a coerced part must also hold finite numbers only, or
 * `/movies/1e400` would reach the database.
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function createAjv(options: Options): Ajv {
  return addFormats(new Ajv({ useDefaults: true, removeAdditional: false, allErrors: false, strict: true, ...options }));
}

const bodyAjv = createAjv({ coerceTypes: false });
const textAjv = createAjv({ coerceTypes: 'array' });

/** JSON pointer of the first number that is not finite, one level down (query and params are flat). */
function nonFinite(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const [key, value] of Object.entries(data)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    const at = values.findIndex((v) => typeof v === 'number' && !Number.isFinite(v));
    if (at !== -1) return `/${key}${Array.isArray(value) ? `/${at}` : ''}`;
  }
  return undefined;
}

function finiteOnly(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    checked.errors = null;
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    const instancePath = nonFinite(data);
    if (instancePath === undefined) return true;
    const error: FastifySchemaValidationError = { keyword: 'finite', instancePath, schemaPath: '', params: {}, message: 'must be a finite number' };
    checked.errors = [error as NonNullable<ValidateFunction['errors']>[number]];
    return false;
  }) as ValidateFunction;
  return checked;
}

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  httpPart === 'body' ? bodyAjv.compile(schema) : finiteOnly(textAjv.compile(schema));
