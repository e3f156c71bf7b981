/**
 * The tracking server's own request validation, set on its encapsulated context so it behaves the
 * same whichever app mounts it. MLflow clients send loosely typed JSON (numbers where strings are
 * declared, single values for lists) and MLflow's server accepts them, so values are coerced
 * everywhere; only a value that cannot be converted ("abc" for a number) is refused.
 */
import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strict: false });

export const trackingValidatorCompiler: FastifySchemaCompiler<object> = ({ schema }) => ajv.compile(schema);
