/**
 * Population stability index: Σ (r_i − c_i)·ln(r_i / c_i) over bins, r and c being the reference's
 * and the current window's shares of each bin. Bins come from the reference: its quantiles for a
 * continuous feature, its categories for a categorical one.
 *
 * Empty bins follow Evidently's rule (evidently.calculations.stattests.utils.get_binned_data): on
 * each side separately, a share of 0 becomes 0.0001, or the smallest non-zero share / 10^6 when that
 * is itself <= 0.0001, so the logarithm stays finite and one empty bin costs a bounded amount.
 * Two deliberate differences from Evidently: a bin empty on both sides is skipped, since it says
 * nothing about a shift and the two fill values could otherwise differ and add a spurious term; and
 * continuous features use the classic PSI bins, deciles of the reference, where Evidently applies
 * Sturges' rule to the pooled samples (its n_bins = 30 argument goes unused there), so Marquee's
 * bins stay put whatever the current window holds.
 */
import { countCategories } from './histogram.ts';
import { DriftStatisticsInputError } from './errors.ts';
import { sortedQuantile } from './quantile.ts';
import { requireCountPair, requireSample, sortedCopy } from './sample-input.ts';

export const PSI_EMPTY_SHARE = 0.0001;
export const PSI_DEFAULT_QUANTILE_BINS = 10;

export interface PsiResult {
  psi: number;
  /** Each bin's share of the sample, before the empty-bin fill. */
  referenceShares: Float64Array;
  currentShares: Float64Array;
}

export interface QuantilePsiResult extends PsiResult {
  /** Increasing cut points; bins are (−∞, c0), [c0, c1), …, [c_last, ∞). */
  cutPoints: Float64Array;
}

/** PSI of two count vectors over the same bins or categories. */
export function psiFromCounts(reference: ArrayLike<number>, current: ArrayLike<number>): PsiResult {
  requireCountPair(reference, current);
  const referenceShares = shares(reference);
  const currentShares = shares(current);
  const referenceFilled = fillEmpty(referenceShares);
  const currentFilled = fillEmpty(currentShares);
  let psi = 0;
  for (let i = 0; i < referenceShares.length; i++) {
    if (referenceShares[i] === 0 && currentShares[i] === 0) continue;
    const r = referenceFilled[i];
    const c = currentFilled[i];
    psi += (r - c) * Math.log(r / c);
  }
  return { psi, referenceShares, currentShares };
}

/**
 * PSI of a continuous feature on the reference's quantile bins: cut points at the reference's
 * 1/bins, 2/bins, … quantiles (numpy's linear method), duplicates removed, so heavy ties (ratings)
 * merge bins rather than leave empty ones. Open outer bins catch current values outside the
 * reference's range.
 */
export function psiQuantileBins(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: { bins?: number } = {},
): QuantilePsiResult {
  const bins = options.bins ?? PSI_DEFAULT_QUANTILE_BINS;
  if (!(Number.isInteger(bins) && bins >= 1)) {
    throw new DriftStatisticsInputError('bins', `${bins} is not a positive integer`);
  }
  requireSample('reference', reference);
  requireSample('current', current);
  const sorted = sortedCopy(reference);
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const cut = sortedQuantile(sorted, k / bins);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  const cutPoints = Float64Array.from(cuts);
  const result = psiFromCounts(binCounts(reference, cutPoints), binCounts(current, cutPoints));
  return { ...result, cutPoints };
}

/** PSI of a categorical feature given its raw values (rating, genre, hour of day). */
export function psiCategorical<K extends string | number>(
  reference: ArrayLike<K>,
  current: ArrayLike<K>,
): PsiResult & { categories: K[] } {
  const counts = countCategories(reference, current);
  return { ...psiFromCounts(counts.reference, counts.current), categories: counts.categories };
}

/** How many values fall in each bin: bin = number of cut points <= value (binary search). */
function binCounts(values: ArrayLike<number>, cutPoints: Float64Array): Float64Array {
  const counts = new Float64Array(cutPoints.length + 1);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    let lo = 0;
    let hi = cutPoints.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cutPoints[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}

function shares(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  return Float64Array.from(counts, (c) => c / total);
}

function fillEmpty(values: Float64Array): Float64Array {
  let smallest = Infinity;
  for (const s of values) if (s > 0 && s < smallest) smallest = s;
  const fill = smallest <= PSI_EMPTY_SHARE ? smallest / 1e6 : PSI_EMPTY_SHARE;
  return values.map((s) => (s === 0 ? fill : s));
}
