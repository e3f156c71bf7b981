/**
 * Similarity measures between users (or items), with the formulas of Surprise's `similarities`:
 *   msd              1 / (Σ(r_x − r_x')² / n + 1)
 *   cosine           Σ r_x·r_x' / √(Σ r_x² · Σ r_x'²)
 *   pearson          (n Σ r_x r_x' − Σ r_x Σ r_x') / √((n Σ r_x² − (Σ r_x)²)(n Σ r_x'² − (Σ r_x')²)), 0 if the
 *                    denominator is 0 (means over the common ratings, as Surprise)
 *   pearson_baseline Σ e_x e_x' / √(Σ e_x² Σ e_x'²) · (n − 1) / (n − 1 + shrinkage), with the residuals
 *                    e = r − (μ + b_x + b_y) and at least 2 common ratings
 * where every sum runs over the n ratings the two have in common, and a pair with n < min_support has
 * similarity 0.
 *
 * Surprise fills a dense n × n matrix by walking, for every column, all pairs of its ratings. Here each
 * pair is computed once, row by row: for row a, walk a's columns and, in each column, the rows b > a
 * that rated it, summing into per-row accumulators (float64, reused from row to row); then finish each
 * pair a–b that was touched. Only positive similarities are kept (see `PairMatrix`): the KNN estimate
 * takes the k most similar neighbours and then drops those with similarity ≤ 0, which is the same as
 * taking the k most similar among the positive ones, so nothing else can change a prediction.
 */
import type { Csr, Trainset } from '../trainset.ts';
import { InvalidParameterError, requireInteger, requireNonNegative } from './algo-params.ts';
import type { Baselines } from './baselines.ts';
import { PairMatrix } from './pair-matrix.ts';

export const SIMILARITY_NAMES = ['msd', 'cosine', 'pearson', 'pearson_baseline'] as const;
export type SimilarityName = (typeof SIMILARITY_NAMES)[number];

/** A similarity, or SlopeOne's mean difference Σ(r_x − r_x') / n, which shares the pair walk. */
export type PairMeasure = SimilarityName | 'mean_difference';

/** Surprise's `sim_options`, resolved. */
export interface SimilarityOptions {
  name: SimilarityName;
  userBased: boolean;
  minSupport: number;
  /** Used by pearson_baseline only. */
  shrinkage: number;
}

/** The flat similarity parameters of the KNN algorithms, with Surprise's defaults. */
export function similarityDefaults() {
  return { sim: 'msd', user_based: true, min_support: 1, shrinkage: 100 };
}

export function similarityOptions(
  algorithm: string,
  params: ReturnType<typeof similarityDefaults>,
): SimilarityOptions {
  const name = params.sim.toLowerCase() as SimilarityName;
  if (!SIMILARITY_NAMES.includes(name)) {
    throw new InvalidParameterError(
      `${algorithm}: parameter "sim" must be one of ${SIMILARITY_NAMES.join(', ')}, got "${params.sim}"`,
    );
  }
  requireInteger(algorithm, params, 'min_support', 0);
  requireNonNegative(algorithm, params, 'shrinkage');
  return { name, userBased: params.user_based, minSupport: params.min_support, shrinkage: params.shrinkage };
}

/** The similarity of rows a and b: 1 on the diagonal (as Surprise sets it), 0 for a pair not stored. */
export function similarity(sims: PairMatrix, a: number, b: number): number {
  if (a === b) return 1;
  const p = sims.find(a, b);
  return p < 0 ? 0 : sims.values[p];
}

/**
 * The similarities between users (user_based) or items. pearson_baseline needs the baselines; they
 * are those of the users and items, switched here as Surprise switches them.
 */
export function computeSimilarities(
  trainset: Trainset,
  options: SimilarityOptions,
  baselines?: Baselines,
): PairMatrix {
  const xr = options.userBased ? trainset.ur : trainset.ir;
  const nY = options.userBased ? trainset.nItems : trainset.nUsers;
  if (options.name !== 'pearson_baseline') {
    return computePairs(xr, nY, options.name, options.minSupport, options.shrinkage);
  }
  if (!baselines) throw new Error('pearson_baseline needs the baselines');
  const bx = options.userBased ? baselines.bu : baselines.bi;
  const by = options.userBased ? baselines.bi : baselines.bu;
  const residuals = new Float64Array(xr.ratings.length);
  const mean = trainset.globalMean;
  for (let x = 0; x < xr.offsets.length - 1; x++) {
    for (let k = xr.offsets[x]; k < xr.offsets[x + 1]; k++) {
      residuals[k] = xr.ratings[k] - (mean + by[xr.index[k]] + bx[x]);
    }
  }
  // Surprise raises the support to 2: with one common rating the shrunk correlation is 0 anyway.
  return computePairs(xr, nY, 'pearson_baseline', Math.max(2, options.minSupport), options.shrinkage, residuals);
}

/** Ratings by column with their rows ascending, so the partners b > a of an entry of a are a suffix. */
interface Columns {
  offsets: Int32Array;
  rows: Int32Array;
  values: Float64Array;
  /** For each entry of `xr`: where the partners that follow it start in its column. */
  after: Int32Array;
}

function byColumn(xr: Csr, nY: number, values: ArrayLike<number>): Columns {
  const n = xr.index.length;
  const offsets = new Int32Array(nY + 1);
  for (let k = 0; k < n; k++) offsets[xr.index[k] + 1]++;
  for (let y = 0; y < nY; y++) offsets[y + 1] += offsets[y];
  const fill = offsets.slice(0, nY);
  const rows = new Int32Array(n);
  const columnValues = new Float64Array(n);
  const after = new Int32Array(n);
  for (let a = 0; a < xr.offsets.length - 1; a++) {
    for (let k = xr.offsets[a]; k < xr.offsets[a + 1]; k++) {
      const at = fill[xr.index[k]]++;
      rows[at] = a;
      columnValues[at] = values[k];
      after[k] = at + 1;
    }
  }
  return { offsets, rows, values: columnValues, after };
}

/**
 * `measure` for every pair of rows of `xr` with at least `minSupport` (≥ 1) columns in common, kept
 * when positive (mean_difference: always, and antisymmetric: row b holds −value). `values` runs
 * parallel to `xr`'s entries (default: the ratings). A first walk counts each row's pairs with
 * enough support, so the result arrays are allocated once, never grown.
 */
export function computePairs(
  xr: Csr,
  nY: number,
  measure: PairMeasure,
  minSupport: number,
  shrinkage = 0,
  values: ArrayLike<number> = xr.ratings,
): PairMatrix {
  const nX = xr.offsets.length - 1;
  const support = Math.max(1, minSupport);
  const cols = byColumn(xr, nY, values);
  const freq = new Int32Array(nX);
  const touched = new Int32Array(nX);
  const slots = countPairs(xr, cols, support, freq, touched);
  const capacity = slots[nX];
  let index = PairMatrix.indexArray(nX, capacity);
  let stored = new Float32Array(capacity);
  const end = slots.slice(0, nX);
  const sums = [1, 2, 3, 4, 5].map(() => new Float64Array(nX));
  const [s1, s2, s3, s4, s5] = sums;
  const antisymmetric = measure === 'mean_difference';
  const sumsUsed = SUMS_USED[measure];
  const keptPartners = new Int32Array(nX);
  for (let a = 0; a < nX; a++) {
    const m = accumulateRow(a, measure, xr, cols, freq, sums, touched);
    // Finish every touched pair; a kept one is marked freq = -1 with its value in s1.
    let nKept = 0;
    for (let t = 0; t < m; t++) {
      const b = touched[t];
      const f = freq[b];
      let v = 0;
      if (f >= support) v = pairValue(measure, f, s1[b], s2[b], s3[b], s4[b], s5[b], shrinkage);
      const keep = f >= support && (antisymmetric || v > 0);
      if (keep) keptPartners[nKept++] = b;
      freq[b] = keep ? -1 : 0;
      s1[b] = keep ? v : 0;
    }
    // Reset only the sums this measure uses.
    for (let k = 1; k < sumsUsed; k++) {
      const sk = sums[k];
      for (let t = 0; t < m; t++) sk[touched[t]] = 0;
    }
    // Rows are filled in ascending a, each with its partners b > a ascending, so every row ends up
    // sorted. The kept partners are put in order by sorting them, or by scanning the rest of the row
    // when they are so many that the scan is cheaper.
    const scan = nKept * Math.log2(nKept + 1) > nX - a;
    if (!scan) keptPartners.subarray(0, nKept).sort();
    const stop = scan ? nX - a - 1 : nKept;
    for (let t = 0; t < stop; t++) {
      const b = scan ? a + 1 + t : keptPartners[t];
      if (freq[b] !== -1) continue;
      const v = s1[b];
      index[end[a]] = b;
      stored[end[a]++] = v;
      index[end[b]] = a;
      stored[end[b]++] = antisymmetric ? -v : v;
      freq[b] = 0;
      s1[b] = 0;
    }
  }
  // Close the gaps the pairs that were not kept left in each row's slots.
  const offsets = new Int32Array(nX + 1);
  for (let a = 0; a < nX; a++) {
    index.copyWithin(offsets[a], slots[a], end[a]);
    stored.copyWithin(offsets[a], slots[a], end[a]);
    offsets[a + 1] = offsets[a] + end[a] - slots[a];
  }
  if (offsets[nX] < capacity) {
    index = index.slice(0, offsets[nX]);
    stored = stored.slice(0, offsets[nX]);
  }
  return new PairMatrix(nX, offsets, index, stored);
}

/** How many of the sums s1..s5 each measure accumulates (see `accumulateRow`). */
const SUMS_USED: Record<PairMeasure, number> = {
  msd: 1,
  mean_difference: 1,
  cosine: 3,
  pearson_baseline: 3,
  pearson: 5,
};

/** Row offsets with room for every pair sharing at least `support` columns, in both rows. */
function countPairs(xr: Csr, cols: Columns, support: number, freq: Int32Array, touched: Int32Array): Int32Array {
  const nX = xr.offsets.length - 1;
  const counts = new Int32Array(nX + 1);
  for (let a = 0; a < nX; a++) {
    let m = 0;
    for (let k = xr.offsets[a]; k < xr.offsets[a + 1]; k++) {
      const end = cols.offsets[xr.index[k] + 1];
      for (let p = cols.after[k]; p < end; p++) {
        const b = cols.rows[p];
        if (freq[b]++ === 0) touched[m++] = b;
      }
    }
    for (let t = 0; t < m; t++) {
      const b = touched[t];
      if (freq[b] >= support) {
        counts[a + 1]++;
        counts[b + 1]++;
      }
      freq[b] = 0;
    }
  }
  for (let a = 0; a < nX; a++) counts[a + 1] += counts[a];
  return counts;
}

/**
 * Adds row a's contributions to its pairs with every later row; returns how many partners were
 * touched (listed in `touched`). One loop per kind of sums, so the innermost loop has no branch.
 */
function accumulateRow(
  a: number,
  measure: PairMeasure,
  xr: Csr,
  cols: Columns,
  freq: Int32Array,
  [s1, s2, s3, s4, s5]: Float64Array[],
  touched: Int32Array,
): number {
  const { rows, values } = cols;
  let m = 0;
  for (let k = xr.offsets[a]; k < xr.offsets[a + 1]; k++) {
    const start = cols.after[k];
    const end = cols.offsets[xr.index[k] + 1];
    const vi = values[start - 1];
    if (measure === 'msd') {
      for (let p = start; p < end; p++) {
        const b = rows[p];
        if (freq[b]++ === 0) touched[m++] = b;
        const d = vi - values[p];
        s1[b] += d * d;
      }
    } else if (measure === 'mean_difference') {
      for (let p = start; p < end; p++) {
        const b = rows[p];
        if (freq[b]++ === 0) touched[m++] = b;
        s1[b] += vi - values[p];
      }
    } else if (measure === 'pearson') {
      for (let p = start; p < end; p++) {
        const b = rows[p];
        if (freq[b]++ === 0) touched[m++] = b;
        const vj = values[p];
        s1[b] += vi * vj;
        s2[b] += vi * vi;
        s3[b] += vj * vj;
        s4[b] += vi;
        s5[b] += vj;
      }
    } else {
      // cosine, and pearson_baseline on the residuals
      for (let p = start; p < end; p++) {
        const b = rows[p];
        if (freq[b]++ === 0) touched[m++] = b;
        const vj = values[p];
        s1[b] += vi * vj;
        s2[b] += vi * vi;
        s3[b] += vj * vj;
      }
    }
  }
  return m;
}

function pairValue(
  measure: PairMeasure,
  n: number,
  s1: number,
  s2: number,
  s3: number,
  s4: number,
  s5: number,
  shrinkage: number,
): number {
  switch (measure) {
    case 'msd':
      return 1 / (s1 / n + 1);
    case 'cosine':
      return s1 / Math.sqrt(s2 * s3);
    case 'pearson': {
      const denominator = Math.sqrt((n * s2 - s4 * s4) * (n * s3 - s5 * s5));
      return denominator === 0 ? 0 : (n * s1 - s4 * s5) / denominator;
    }
    case 'pearson_baseline':
      return (s1 / Math.sqrt(s2 * s3)) * ((n - 1) / (n - 1 + shrinkage));
    case 'mean_difference':
      return s1 / n;
  }
}
