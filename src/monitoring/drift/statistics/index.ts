/**
 * Pure statistics for drift detection: two-sample tests, distances and binning helpers.
 * No I/O; every function takes plain arrays and returns plain numbers/arrays.
 */
export { DriftStatisticsInputError } from './errors.ts';
export { ks2samp, type KsMethod, type KsOptions, type KsResult } from './ks-two-sample.ts';
export { chiSquareHomogeneity, type ChiSquareResult } from './chi-square.ts';
export {
  psiFromCounts,
  psiQuantileBins,
  psiCategorical,
  PSI_EMPTY_SHARE,
  PSI_DEFAULT_QUANTILE_BINS,
  type PsiResult,
  type QuantilePsiResult,
} from './psi.ts';
export { wassersteinDistance } from './wasserstein.ts';
export {
  histogramOnCommonEdges,
  countCategories,
  type TwoSampleHistogram,
  type CategoryCounts,
} from './histogram.ts';
