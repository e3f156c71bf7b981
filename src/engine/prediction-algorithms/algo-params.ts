/**
 * Hyperparameters as Surprise takes them: keyword arguments with defaults. They are checked when the
 * algorithm is built — Surprise raises on an unknown keyword too — so a typo in a grid or a damaged
 * model file fails at once instead of silently training with a default.
 */
import type { Params } from './algo-base.ts';

export class InvalidParameterError extends Error {
  override name = 'InvalidParameterError';
  readonly code = 'invalid-parameter';
}

/** `defaults` lists every parameter the algorithm knows; each given value must have the default's type. */
export function resolveParams<D extends Params>(algorithm: string, given: Params, defaults: D): D {
  for (const [key, value] of Object.entries(given)) {
    if (!Object.hasOwn(defaults, key)) {
      const known = Object.keys(defaults).join(', ');
      throw new InvalidParameterError(`${algorithm}: unknown parameter "${key}" (known: ${known})`);
    }
    const expected = typeof defaults[key];
    if (typeof value !== expected) {
      throw new InvalidParameterError(
        `${algorithm}: parameter "${key}" must be a ${expected}, got ${JSON.stringify(value)}`,
      );
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InvalidParameterError(`${algorithm}: parameter "${key}" must be finite, got ${value}`);
    }
  }
  return { ...defaults, ...given };
}

/** Throws unless `params[key]` is an integer ≥ `min`. */
export function requireInteger(algorithm: string, params: Params, key: string, min: number): void {
  const value = params[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidParameterError(
      `${algorithm}: parameter "${key}" must be an integer ≥ ${min}, got ${JSON.stringify(value)}`,
    );
  }
}

/** Throws unless `params[key]` is ≥ 0 (learning rates, regularization terms, spreads). */
export function requireNonNegative(algorithm: string, params: Params, key: string): void {
  const value = params[key];
  if (typeof value !== 'number' || value < 0) {
    throw new InvalidParameterError(
      `${algorithm}: parameter "${key}" must be ≥ 0, got ${JSON.stringify(value)}`,
    );
  }
}
