/**
 * Counts for the drift report's charts: two samples binned on the same edges, and two categorical
 * samples counted over the union of their categories.
 */
import { DriftStatisticsInputError } from './errors.ts';
import { requireSample } from './sample-input.ts';

export interface TwoSampleHistogram {
  /** bins + 1 increasing edges; bin i is [edges[i], edges[i+1]), the last one closed. */
  edges: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/**
 * Equal-width bins spanning both samples, as `np.histogram_bin_edges(concat, bins)` and
 * `np.histogram(x, edges)` make them. The default number of bins is numpy's 'sturges' rule on the
 * pooled sample (⌈log2 n⌉ + 1, the rule Evidently uses for its drift histograms).
 */
export function histogramOnCommonEdges(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: { bins?: number } = {},
): TwoSampleHistogram {
  requireSample('reference', reference);
  requireSample('current', current);
  if (options.bins !== undefined && !(Number.isInteger(options.bins) && options.bins >= 1)) {
    throw new DriftStatisticsInputError('bins', `${options.bins} is not a positive integer`);
  }
  let low = Infinity;
  let high = -Infinity;
  for (const sample of [reference, current]) {
    for (let i = 0; i < sample.length; i++) {
      if (sample[i] < low) low = sample[i];
      if (sample[i] > high) high = sample[i];
    }
  }
  const bins = options.bins ?? sturgesBins(reference.length + current.length, high - low);
  // numpy widens a zero-width range to one unit so the single value still gets a bin.
  const first = low === high ? low - 0.5 : low;
  const last = low === high ? high + 0.5 : high;
  const edges = linspace(first, last, bins + 1);
  return { edges, reference: countInBins(reference, edges), current: countInBins(current, edges) };
}

export interface CategoryCounts<K extends string | number> {
  /** Every category seen in either sample, in ascending order. */
  categories: K[];
  reference: Float64Array;
  current: Float64Array;
}

/** Counts of each category in both samples, aligned on the union of their categories. */
export function countCategories<K extends string | number>(
  reference: ArrayLike<K>,
  current: ArrayLike<K>,
): CategoryCounts<K> {
  if (reference.length === 0) throw new DriftStatisticsInputError('reference', 'the sample is empty');
  if (current.length === 0) throw new DriftStatisticsInputError('current', 'the sample is empty');
  const referenceCounts = tally(reference, 'reference');
  const currentCounts = tally(current, 'current');
  const categories = [...new Set([...referenceCounts.keys(), ...currentCounts.keys()])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return {
    categories,
    reference: Float64Array.from(categories, (c) => referenceCounts.get(c) ?? 0),
    current: Float64Array.from(categories, (c) => currentCounts.get(c) ?? 0),
  };
}

function tally<K extends string | number>(values: ArrayLike<K>, field: string): Map<K, number> {
  const counts = new Map<K, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isNaN(v)) {
      throw new DriftStatisticsInputError(field, `value NaN at index ${i} is not a category`);
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** numpy's 'sturges' bin count: range / (range / (log2 n + 1)), rounded up; one bin for no range. */
function sturgesBins(n: number, range: number): number {
  if (range === 0) return 1;
  return Math.ceil(range / (range / (Math.log2(n) + 1)));
}

/** np.linspace(start, stop, num): start + i·step, the last edge set to stop exactly. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** Bin counts for values inside [edges[0], edges[last]]: direct index, then corrected against the edges as numpy does. */
function countInBins(values: ArrayLike<number>, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const first = edges[0];
  const last = edges[bins];
  const norm = bins / (last - first);
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x < first || x > last) continue;
    let k = Math.min(Math.floor((x - first) * norm), bins - 1);
    if (x < edges[k]) k--;
    else if (k !== bins - 1 && x >= edges[k + 1]) k++;
    counts[k]++;
  }
  return counts;
}
