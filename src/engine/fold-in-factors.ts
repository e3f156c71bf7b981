/**
 * Folding a new user into a fitted factor model: the item biases b_i and factors q_i (and, for
 * SVD++, the implicit factors y_j) stay fixed, and only the user's own b_u and p_u are learned from
 * their ratings — what a full refit would do for that user, without a refit.
 *
 * SVD, SVD++: regularised least squares (ridge) for [b_u, p_u]. Training's SGD applies the
 * regularisation once per rating, so its fixed point is the ridge solution with λ·n, n being the
 * user's ratings; that is the weight used here (reg_bu for the bias, reg_pu for the factors).
 * For SVD++ the implicit term |I_u|^-½ Σ y_j is known once I_u (the rated items) is, so it is moved
 * to the target and added to p_u afterwards.
 *
 * NMF: factors must stay non-negative, which ridge does not guarantee, so NMF's own multiplicative
 * update is run for the user alone (n_epochs, q_i fixed), from the middle of its initial range.
 */
import { solveSpd } from './cholesky.ts';
import type { FactorModel } from './prediction-algorithms/factor-model.ts';
import { NMF } from './prediction-algorithms/matrix-factorization.ts';
import { SVDpp } from './prediction-algorithms/svdpp.ts';
import { dot } from './vectors.ts';

/** A folded-in user of a factor model: r̂_ui = μ + b_u + b_i + q_i·v_u (biased) or q_i·v_u. */
export interface FactorUser {
  bias: number;
  vector: Float64Array;
}

interface FactorArrays {
  k: number;
  biased: boolean;
  mu: number;
  bi: Float64Array;
  qi: Float64Array;
}

function arraysOf(model: FactorModel): FactorArrays {
  const learned = model.learnedArrays();
  const bi = learned.bi as Float64Array;
  const qi = learned.qi as Float64Array;
  const k = bi.length === 0 ? 0 : qi.length / bi.length;
  const biased = model instanceof SVDpp || model.params.biased === true;
  return { k, biased, mu: biased ? model.getTrainset().globalMean : 0, bi, qi };
}

const param = (model: FactorModel, name: string): number => {
  const value = model.params[name];
  if (typeof value !== 'number') throw new Error(`${model.name} has no numeric parameter ${name}`);
  return value;
};

export function foldInFactors(model: FactorModel, items: Int32Array, ratings: Float64Array): FactorUser {
  return model instanceof NMF ? foldInNmf(model, items, ratings) : foldInRidge(model, items, ratings);
}

function foldInRidge(model: FactorModel, items: Int32Array, ratings: Float64Array): FactorUser {
  const { k, biased, mu, bi, qi } = arraysOf(model);
  const n = items.length;
  const implicit = new Float64Array(k);
  if (model instanceof SVDpp) {
    const yj = model.learnedArrays().yj as Float64Array;
    for (const j of items) for (let f = 0; f < k; f++) implicit[f] += yj[j * k + f];
    for (let f = 0; f < k; f++) implicit[f] /= Math.sqrt(n);
  }
  // Unknowns [b_u, p_u] (biased) or p_u; each rating is one row x = [1, q_j] against its target.
  const offset = biased ? 1 : 0;
  const d = k + offset;
  const a = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const x = new Float64Array(d);
  for (let t = 0; t < n; t++) {
    const j = items[t];
    const target = ratings[t] - mu - (biased ? bi[j] : 0) - dot(qi, j * k, implicit, 0, k);
    if (biased) x[0] = 1;
    for (let f = 0; f < k; f++) x[offset + f] = qi[j * k + f];
    for (let r = 0; r < d; r++) {
      rhs[r] += x[r] * target;
      for (let c = 0; c <= r; c++) a[r * d + c] += x[r] * x[c];
    }
  }
  for (let r = 0; r < d; r++) for (let c = 0; c < r; c++) a[c * d + r] = a[r * d + c];
  if (biased) a[0] += param(model, 'reg_bu') * n;
  const regPu = param(model, 'reg_pu') * n;
  for (let f = 0; f < k; f++) a[(offset + f) * d + offset + f] += regPu;
  // A user whose ratings carry no information at all (reg 0 and every q_j zero) still gets an answer.
  for (let r = 0; r < d; r++) if (a[r * d + r] === 0) a[r * d + r] = 1e-12;
  const w = solveSpd(a, rhs, d);
  const vector = new Float64Array(k);
  for (let f = 0; f < k; f++) vector[f] = w[offset + f] + implicit[f];
  return { bias: biased ? w[0] : 0, vector };
}

function foldInNmf(model: NMF, items: Int32Array, ratings: Float64Array): FactorUser {
  const { k, biased, mu, bi, qi } = arraysOf(model);
  const n = items.length;
  const p = model.params;
  const pu = new Float64Array(k).fill((p.init_low + p.init_high) / 2);
  const num = new Float64Array(k);
  const den = new Float64Array(k);
  let bu = 0;
  for (let epoch = 0; epoch < p.n_epochs; epoch++) {
    num.fill(0);
    den.fill(0);
    for (let t = 0; t < n; t++) {
      const j = items[t];
      const r = ratings[t];
      const est = mu + bu + (biased ? bi[j] : 0) + dot(qi, j * k, pu, 0, k);
      if (biased) bu += p.lr_bu * (r - est - p.reg_bu * bu);
      for (let f = 0; f < k; f++) {
        num[f] += qi[j * k + f] * r;
        den[f] += qi[j * k + f] * est;
      }
    }
    for (let f = 0; f < k; f++) {
      if (pu[f] === 0) continue;
      const denominator = den[f] + n * p.reg_pu * pu[f];
      pu[f] = denominator > 0 ? (pu[f] * num[f]) / denominator : 0;
    }
  }
  return { bias: bu, vector: pu };
}

/** Every item's unclipped estimate for the folded-in user, in `estimate`'s order of additions. */
export function scoreFactorUser(model: FactorModel, user: FactorUser, out: Float64Array): void {
  // An unbiased model ignores the base (its user bias is 0 too).
  model.scoreVector(user.vector, 0, model.getTrainset().globalMean + user.bias, out);
}
