/**
 * Runs the test of each feature — two-sample Kolmogorov–Smirnov for numeric samples, chi-square
 * homogeneity for categorical counts — and reports PSI and the Wasserstein distance beside it. The
 * p-value alone decides: a feature drifts when p < its threshold. PSI and Wasserstein say how large
 * the shift is, which a p-value from many ratings does not.
 */
import {
  chiSquareHomogeneity,
  histogramOnCommonEdges,
  ks2samp,
  psiFromCounts,
  psiQuantileBins,
  wassersteinDistance,
} from './statistics/index.ts';
import { formatNumber } from './html-text.ts';
import type { CategoricalSample, DataFeature, FeatureSample, NumericSample } from './drift-features.ts';

export type DriftTest = 'ks' | 'chi_square' | 'rmse_ratio';

export interface FeatureResult {
  feature: DataFeature | 'model_performance';
  test: DriftTest;
  statistic: number;
  /** Null for the model-performance check, which compares RMSEs, not distributions. */
  p_value: number | null;
  /** p-value below which (or, for rmse_ratio, ratio above which) the feature drifted. */
  threshold: number;
  drifted: boolean;
  psi: number | null;
  /** In the feature's unit (stars, ratings, hours); null for unordered categories (genres). */
  wasserstein: number | null;
  /** Values (or counted ratings) compared on each side. */
  reference_size: number;
  current_size: number;
}

/** A feature's two distributions as shares of common bins, for the report's charts. */
export interface FeatureChart {
  feature: FeatureResult['feature'];
  labels: string[];
  reference: Float64Array;
  current: Float64Array;
  /** What the bars measure. */
  measure: 'share of ratings' | 'share of values' | 'RMSE';
  /** What the bins are, for the axis title. */
  axis: string;
}

export function testFeature(sample: FeatureSample, threshold: number): FeatureResult {
  return sample.kind === 'numeric' ? testNumeric(sample, threshold) : testCategorical(sample, threshold);
}

function testNumeric(sample: NumericSample, threshold: number): FeatureResult {
  return {
    ...verdict(sample.feature, 'ks', ks2samp(sample.reference, sample.current), threshold),
    psi: psiQuantileBins(sample.reference, sample.current).psi,
    wasserstein: wassersteinDistance(sample.reference, sample.current),
    reference_size: sample.reference.length,
    current_size: sample.current.length,
  };
}

function testCategorical(sample: CategoricalSample, threshold: number): FeatureResult {
  return {
    ...verdict(sample.feature, 'chi_square', chiSquareHomogeneity(sample.reference, sample.current), threshold),
    psi: psiFromCounts(sample.reference, sample.current).psi,
    wasserstein: sample.positions ? wassersteinFromCounts(sample.positions, sample.reference, sample.current) : null,
    reference_size: total(sample.reference),
    current_size: total(sample.current),
  };
}

/** A distribution test's outcome as the result's leading fields: the p-value alone decides. */
function verdict(feature: DataFeature, test: 'ks' | 'chi_square', outcome: { statistic: number; pValue: number }, threshold: number) {
  return { feature, test, statistic: outcome.statistic, p_value: outcome.pValue, threshold, drifted: outcome.pValue < threshold };
}

/** ∫|F_ref − F_cur| over ordered categories at `positions`: scipy's wasserstein_distance with the counts as weights. */
export function wassersteinFromCounts(positions: Float64Array, reference: Float64Array, current: Float64Array): number {
  const referenceTotal = total(reference);
  const currentTotal = total(current);
  let referenceCdf = 0;
  let currentCdf = 0;
  let distance = 0;
  for (let k = 0; k < positions.length - 1; k++) {
    referenceCdf += reference[k] / referenceTotal;
    currentCdf += current[k] / currentTotal;
    distance += Math.abs(referenceCdf - currentCdf) * (positions[k + 1] - positions[k]);
  }
  return distance;
}

const AXES: Record<DataFeature, string> = {
  rating: 'rating (stars)',
  ratings_per_user: 'ratings per user, among equally many ratings on each side',
  ratings_per_movie: 'ratings per movie, among equally many ratings on each side',
  movie_popularity: "ratings of the rated movie in the reference's popularity table",
  genres: 'genre',
  hour_of_day: 'hour of the day (UTC)',
};

/** Categorical counts as they are; counts in doubling bins (0, 1, 2–3, 4–7, …); other values on common edges. */
export function chartOf(sample: FeatureSample): FeatureChart {
  const { feature } = sample;
  if (sample.kind === 'categorical') {
    return { feature, labels: sample.categories, reference: shares(sample.reference), current: shares(sample.current), measure: 'share of ratings', axis: AXES[feature] };
  }
  if (sample.countChart) {
    const bins = doublingBin(Math.max(largest(sample.reference), largest(sample.current))) + 1;
    const reference = doublingBinCounts(sample.reference, bins);
    const current = doublingBinCounts(sample.current, bins);
    // From the first bin either side uses: counts per user never show the empty "0" bin.
    let first = 0;
    while (reference[first] + current[first] === 0) first++;
    const labels = Array.from({ length: bins - first }, (_, j) => doublingLabel(first + j));
    return { feature, labels, reference: shares(reference.subarray(first)), current: shares(current.subarray(first)), measure: 'share of values', axis: AXES[feature] };
  }
  const histogram = histogramOnCommonEdges(sample.reference, sample.current);
  const labels = Array.from(histogram.reference, (_, k) => `${formatNumber(histogram.edges[k])}–${formatNumber(histogram.edges[k + 1])}`);
  return { feature, labels, reference: shares(histogram.reference), current: shares(histogram.current), measure: 'share of values', axis: AXES[feature] };
}

/** Bins of non-negative whole numbers: 0, 1, 2–3, 4–7, …; bin k ≥ 1 holds [2^(k−1), 2^k − 1]. */
function doublingBin(value: number): number {
  return value < 1 ? 0 : Math.floor(Math.log2(value)) + 1;
}

function largest(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

function doublingLabel(bin: number): string {
  return bin < 2 ? String(bin) : `${2 ** (bin - 1)}–${2 ** bin - 1}`;
}

function doublingBinCounts(values: ArrayLike<number>, bins: number): Float64Array {
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) counts[doublingBin(values[i])]++;
  return counts;
}

function shares(counts: Float64Array): Float64Array {
  const sum = total(counts);
  return counts.map((c) => (sum > 0 ? c / sum : 0));
}

function total(counts: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < counts.length; k++) sum += counts[k];
  return sum;
}
