import { DriftStatisticsInputError } from './errors.ts';

/** A non-empty sample of finite numbers, or a DriftStatisticsInputError naming `field`. */
export function requireSample(field: string, values: ArrayLike<number>): void {
  if (values.length === 0) throw new DriftStatisticsInputError(field, 'the sample is empty');
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new DriftStatisticsInputError(field, `value ${values[i]} at index ${i} is not a finite number`);
    }
  }
}

/** A sorted Float64Array copy (the caller's array is left as it was). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Two count vectors over the same categories: equal lengths, finite non-negative counts and a
 * positive total on each side (a side with no observations has no distribution to compare).
 */
export function requireCountPair(reference: ArrayLike<number>, current: ArrayLike<number>): void {
  if (reference.length === 0) throw new DriftStatisticsInputError('reference', 'there are no categories');
  if (reference.length !== current.length) {
    throw new DriftStatisticsInputError(
      'current',
      `has ${current.length} categories but reference has ${reference.length}`,
    );
  }
  for (const [field, counts] of [['reference', reference], ['current', current]] as const) {
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i];
      if (!Number.isFinite(c) || c < 0) {
        throw new DriftStatisticsInputError(field, `count ${c} at index ${i} is not a finite non-negative number`);
      }
      total += c;
    }
    if (total === 0) throw new DriftStatisticsInputError(field, 'all counts are zero');
  }
}
