/**
 * A property with a default is optional for clients: Ajv fills the default in before it checks
 * `required`. The schemas keep such properties required so that handlers see them typed as always
 * present; this copy for the OpenAPI document drops them from `required`, so the docs do not
 * demand what the server does not.
 */
type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null;

export function optionalWhenDefaulted<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(optionalWhenDefaulted) as T;
  if (!isObject(schema)) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = optionalWhenDefaulted(value);
  const properties = copy.properties;
  if (Array.isArray(copy.required) && isObject(properties)) {
    copy.required = copy.required.filter((name) => !(isObject(properties[name]) && 'default' in properties[name]));
    if ((copy.required as unknown[]).length === 0) delete copy.required;
  }
  return copy as T;
}
