/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, agreeing with `scipy.stats.ks_2samp` (scipy 1.17):
 * the same statistic (ties handled by evaluating both empirical CDFs after every copy of a value),
 * the same choice between the exact and the asymptotic null distribution, the same fallback.
 */
import { DriftStatisticsInputError } from './errors.ts';
import { clipProbability, greatestCommonDivisor, roundHalfEven } from './float-math.ts';
import { exactTwoSidedPValue } from './ks-exact.ts';
import { kolmogorovTwoSidedSf } from './kolmogorov-two-sided.ts';
import { requireSample, sortedCopy } from './sample-input.ts';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsOptions {
  /** Only the two-sided alternative is implemented; the field exists to say so in calls. */
  alternative?: 'two-sided';
  /** 'auto' (default) is exact when max(n1, n2) <= 10 000, asymptotic above, as in scipy. */
  method?: KsMethod;
}

export interface KsResult {
  /** sup |F_a − F_b|, in [0, 1]. */
  statistic: number;
  pValue: number;
  /** The null distribution actually used, after the 'auto' choice and any fallback. */
  method: 'exact' | 'asymp';
}

/** scipy's MAX_AUTO_N: above this many values 'auto' goes asymptotic. */
const MAX_AUTO_N = 10_000;
const INT32_MAX = 2_147_483_647;

export function ks2samp(a: ArrayLike<number>, b: ArrayLike<number>, options: KsOptions = {}): KsResult {
  const { alternative = 'two-sided', method = 'auto' } = options;
  if (alternative !== 'two-sided') {
    throw new DriftStatisticsInputError('alternative', `'${alternative}' is not supported (only 'two-sided')`);
  }
  if (method !== 'auto' && method !== 'exact' && method !== 'asymp') {
    throw new DriftStatisticsInputError('method', `'${method}' is not one of auto, exact, asymp`);
  }
  requireSample('a', a);
  requireSample('b', b);
  const n1 = a.length;
  const n2 = b.length;
  let d = ksStatistic(sortedCopy(a), sortedCopy(b));

  const gcd = greatestCommonDivisor(n1, n2);
  let useExact: boolean;
  if (method === 'auto') useExact = Math.max(n1, n2) <= MAX_AUTO_N;
  // scipy's guard: beyond an int32 lattice the exact walk is out of reach.
  else useExact = method === 'exact' && n1 / gcd < INT32_MAX / (n2 / gcd);

  if (useExact) {
    const exact = exactTwoSidedPValue(n1, n2, gcd, d);
    d = exact.statistic;
    if (!Number.isNaN(exact.pValue)) return { statistic: d, pValue: clipProbability(exact.pValue), method: 'exact' };
    // The exact computation did not yield a probability: scipy warns and goes asymptotic.
  }
  return { statistic: d, pValue: asymptoticPValue(n1, n2, d), method: 'asymp' };
}

/**
 * max over all observed values v of |F_a(v) − F_b(v)| with right-continuous empirical CDFs
 * (scipy's searchsorted(side='right')), found by one merge of the sorted samples.
 */
function ksStatistic(x: Float64Array, y: Float64Array): number {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let maxDiff = 0;
  let minDiff = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    else if (diff < minDiff) minDiff = diff;
  }
  return Math.max(maxDiff, Math.min(-minDiff, 1));
}

/**
 * The one-sample Kolmogorov distribution at the effective size round(n1·n2/(n1+n2)), as scipy does
 * for the two-sided asymptotic test. With one value on each side that size rounds to 0, where
 * scipy returns NaN; here it is taken as 1 so the answer stays a probability.
 */
function asymptoticPValue(n1: number, n2: number, d: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const effectiveSize = Math.max(1, roundHalfEven((m * n) / (m + n)));
  return clipProbability(kolmogorovTwoSidedSf(effectiveSize, d));
}
