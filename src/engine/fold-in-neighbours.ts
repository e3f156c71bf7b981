/**
 * Folding a new user into an item-based k-NN model: nothing about the user needs learning, since an
 * item-based estimate only reads the user's own ratings. For each item i the neighbours are the k
 * rated items most similar to i (similarity > 0; the earlier rating first among equal ones, as in
 * `KnnBase`), and the variant's formula combines them exactly as for a user in the trainset:
 *   KNNBasic       Σ sim·r / Σ sim                     (no estimate without neighbours)
 *   KNNWithMeans   μ_i + Σ sim·(r − μ_j) / Σ sim
 *   KNNWithZScore  μ_i + σ_i · Σ sim·(r − μ_j)/σ_j / Σ sim
 *   KNNBaseline    b_ui + Σ sim·(r − b_uj) / Σ sim,  b_ui = μ + b_u + b_i
 * KNNBaseline needs the user's bias b_u, which the baselines' own update gives with the item biases
 * fixed: Σ(r − μ − b_j) / (reg_u + n) for ALS, Σ(r − μ − b_j) / (n·(1 + reg)) for SGD.
 */
import type { TypedArray } from './prediction-algorithms/algo-base.ts';
import type { KnnBase } from './prediction-algorithms/knn-base.ts';
import { KNNBaseline, KNNBasic, KNNWithZScore } from './prediction-algorithms/knns.ts';

/** Every item's estimate for a user who rated `items` with `ratings` (NaN where there is none). */
export function scoreItemNeighbours(model: KnnBase, items: Int32Array, ratings: Float64Array): Float64Array {
  const learned = model.learnedArrays();
  const nItems = model.getTrainset().nItems;
  const candidates = gatherCandidates(learned, nItems, items);
  const formula = formulaOf(model, learned, items, ratings);
  const k = model.params.k;
  const minK = model.params.min_k;
  const out = new Float64Array(nItems);
  const order: number[] = [];
  for (let i = 0; i < nItems; i++) {
    const start = candidates.offsets[i];
    const end = candidates.offsets[i + 1];
    order.length = 0;
    for (let c = start; c < end; c++) order.push(c);
    if (order.length > k) {
      order.sort((a, b) => candidates.sims[b] - candidates.sims[a] || candidates.positions[a] - candidates.positions[b]);
      order.length = k;
    }
    let sum = 0;
    let sumSim = 0;
    for (const c of order) {
      const t = candidates.positions[c];
      sum += candidates.sims[c] * formula.deviation(t);
      sumSim += candidates.sims[c];
    }
    out[i] = formula.combine(i, sum, sumSim, order.length, minK);
  }
  return out;
}

interface Candidates {
  /** Item i's candidate neighbours are [offsets[i], offsets[i+1]). */
  offsets: Int32Array;
  sims: Float64Array;
  /** Position of the neighbour's rating in the user's list. */
  positions: Int32Array;
}

/** Each rated item j offers itself (similarity 1, as the diagonal) and its positive pairs to every item i. */
function gatherCandidates(learned: Record<string, TypedArray>, nItems: number, items: Int32Array): Candidates {
  const rowOffsets = learned.simOffsets as Int32Array;
  const rowIndex = learned.simIndex;
  const rowValues = learned.simValues as Float32Array;
  const offsets = new Int32Array(nItems + 1);
  const visit = (each: (i: number, sim: number, t: number) => void) => {
    for (let t = 0; t < items.length; t++) {
      const j = items[t];
      each(j, 1, t);
      for (let q = rowOffsets[j]; q < rowOffsets[j + 1]; q++) if (rowValues[q] > 0) each(rowIndex[q], rowValues[q], t);
    }
  };
  visit((i) => offsets[i + 1]++);
  for (let i = 0; i < nItems; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, nItems);
  const sims = new Float64Array(offsets[nItems]);
  const positions = new Int32Array(offsets[nItems]);
  visit((i, sim, t) => {
    sims[fill[i]] = sim;
    positions[fill[i]++] = t;
  });
  return { offsets, sims, positions };
}

interface Formula {
  /** What the rating at position t contributes, times its similarity. */
  deviation(t: number): number;
  combine(i: number, sum: number, sumSim: number, actualK: number, minK: number): number;
}

function formulaOf(model: KnnBase, learned: Record<string, TypedArray>, items: Int32Array, ratings: Float64Array): Formula {
  if (model instanceof KNNBasic) {
    return {
      deviation: (t) => ratings[t],
      combine: (_i, sum, sumSim, actualK, minK) => (actualK < minK || actualK === 0 ? Number.NaN : sum / sumSim),
    };
  }
  if (model instanceof KNNBaseline) {
    const mu = model.getTrainset().globalMean;
    const bi = learned.bi as Float64Array;
    const bu = userBias(model, items, ratings, bi, mu);
    return {
      deviation: (t) => ratings[t] - (mu + bi[items[t]] + bu),
      combine: (i, sum, sumSim, actualK, minK) => mu + bi[i] + bu + (actualK < minK || sumSim === 0 ? 0 : sum / sumSim),
    };
  }
  const means = learned.means as Float64Array;
  // KNNWithMeans is KNNWithZScore with every σ = 1.
  const sigmas = model instanceof KNNWithZScore ? (learned.sigmas as Float64Array) : undefined;
  const sigma = (i: number) => (sigmas ? sigmas[i] : 1);
  return {
    deviation: (t) => (ratings[t] - means[items[t]]) / sigma(items[t]),
    combine: (i, sum, sumSim, actualK, minK) => means[i] + (actualK < minK || sumSim === 0 ? 0 : (sum / sumSim) * sigma(i)),
  };
}

function userBias(model: KNNBaseline, items: Int32Array, ratings: Float64Array, bi: Float64Array, mu: number): number {
  let sum = 0;
  for (let t = 0; t < items.length; t++) sum += ratings[t] - mu - bi[items[t]];
  const p = model.params;
  return p.bsl_method === 'sgd' ? sum / (items.length * (1 + p.bsl_reg)) : sum / (p.bsl_reg_u + items.length);
}
