/**
 * Pearson's chi-square test of homogeneity for one categorical feature (rating value, genre, hour
 * of day) observed in a reference and a current window: the 2×k contingency table of counts,
 * as `scipy.stats.chi2_contingency(table, correction=False)` computes it.
 */
import { chiSquareSf } from './incomplete-gamma.ts';
import { requireCountPair } from './sample-input.ts';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  /** Degrees of freedom: the number of categories seen on either side, minus one. */
  dof: number;
}

/**
 * `reference[i]` and `current[i]` count category i. Categories with no observation on either side
 * are dropped first (scipy would reject the table: their expected counts are zero). With a single
 * category left both windows are trivially alike: statistic 0, p-value 1, dof 0, as in scipy.
 */
export function chiSquareHomogeneity(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult {
  requireCountPair(reference, current);
  let referenceTotal = 0;
  let currentTotal = 0;
  let used = 0;
  for (let i = 0; i < reference.length; i++) {
    referenceTotal += reference[i];
    currentTotal += current[i];
    if (reference[i] + current[i] > 0) used++;
  }
  const dof = used - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof };

  const total = referenceTotal + currentTotal;
  let statistic = 0;
  for (const [counts, rowTotal] of [
    [reference, referenceTotal],
    [current, currentTotal],
  ] as const) {
    for (let i = 0; i < counts.length; i++) {
      const columnTotal = reference[i] + current[i];
      if (columnTotal === 0) continue;
      const expected = (rowTotal * columnTotal) / total;
      statistic += (counts[i] - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chiSquareSf(dof, statistic), dof };
}
