/**
 * SVD++ (Koren 2008), after Surprise 1.1.4's `SVDpp`:
 *   r̂_ui = μ + b_u + b_i + q_i·(p_u + |I_u|^-½ Σ_{j∈I_u} y_j).
 *
 * Which update we run: Surprise's exact per-rating update, not the common "efficient" variant that
 * sums the implicit feedback once per user and applies the y_j gradient once at the end of the user's
 * ratings (that variant is a different optimizer, with its own accuracy). Surprise, for every rating
 * (u, i), recomputes Σ y_j from the current y_j and then moves every y_j of I_u by
 *   y_j ← y_j + γ (e·q_i/√|I_u| − λ y_j) = d·y_j + γ e q_i/√|I_u|,   d = 1 − γλ,
 * which costs O(|I_u|·k) per rating and O(Σ_u |I_u|²·k) per epoch — why Surprise takes 90 s.
 * But that step is the same affine map for every j of I_u, and only user u's ratings touch those y_j
 * while Surprise walks u's ratings. So within u's block we keep y_j = A·y_j⁰ + C (a scalar A and a
 * k-vector C shared by all j), which makes the implicit sum (A·Σ y_j⁰ + |I_u|·C)/√|I_u| and each
 * step O(k); the y_j are written back once when u's block ends. Same updates, same order — only
 * the rounding differs — at O(ratings·k) per epoch. (This takes each (u, i) pair to be rated once, as
 * in MovieLens; a repeated pair would put its y_j twice in I_u.)
 */
import { learnedArray, type Params, type TypedArray } from './algo-base.ts';
import { resolveParams, requireNonNegative } from './algo-params.ts';
import { checkFactorParams, FactorModel, normalMatrix, normalStart, ratesAndRegs } from './factor-model.ts';
import { Random } from '../random.ts';
import type { Trainset } from '../trainset.ts';

const SVDPP_RATES = ['bu', 'bi', 'pu', 'qi', 'yj'] as const;

type SvdppParams = ReturnType<typeof svdppDefaults>;

function svdppDefaults(given: Params) {
  return {
    n_factors: 20,
    n_epochs: 20,
    init_mean: 0,
    init_std_dev: 0.1,
    ...ratesAndRegs(given, 0.007, 0.02, SVDPP_RATES),
    random_state: 0,
    // Surprise's switch between caching each user's item list or rebuilding it per rating: speed only.
    // The CSR already is the cache, so it changes nothing here; accepted so Surprise settings carry over.
    cache_ratings: false,
  };
}

export class SVDpp extends FactorModel {
  readonly name = 'SVDpp';
  readonly params: SvdppParams;
  protected readonly nFactors: number;
  protected readonly biased = true;
  private yj: Float64Array = new Float64Array(0);

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('SVDpp', params, svdppDefaults(params));
    checkFactorParams('SVDpp', this.params);
    requireNonNegative('SVDpp', this.params, 'init_std_dev');
    this.nFactors = this.params.n_factors;
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    const p = this.params;
    const k = this.nFactors;
    const rng = new Random(p.random_state);
    const arrays = normalStart(rng, trainset, k, p.init_mean, p.init_std_dev);
    const { bu, bi, pu, qi } = arrays;
    const yj = normalMatrix(rng, trainset.nItems * k, p.init_mean, p.init_std_dev);
    const mu = trainset.globalMean;
    const { lr_bu: lrBu, lr_bi: lrBi, lr_pu: lrPu, lr_qi: lrQi, lr_yj: lrYj } = p;
    const { reg_bu: regBu, reg_bi: regBi, reg_pu: regPu, reg_qi: regQi, reg_yj: regYj } = p;
    const decay = 1 - lrYj * regYj;
    const { offsets, index, ratings } = trainset.ur;
    const ySum = new Float64Array(k); // Σ y_j⁰ over I_u, at the start of u's block
    const shift = new Float64Array(k); // C: y_j = scale·y_j⁰ + C
    const implicit = new Float64Array(k); // |I_u|^-½ Σ y_j, current
    for (let epoch = 0; epoch < p.n_epochs; epoch++) {
      for (let u = 0; u < trainset.nUsers; u++) {
        const start = offsets[u];
        const end = offsets[u + 1];
        const nIu = end - start;
        const invSqrtIu = 1 / Math.sqrt(nIu);
        const uo = u * k;
        ySum.fill(0);
        shift.fill(0);
        for (let at = start; at < end; at++) {
          const jo = index[at] * k;
          for (let f = 0; f < k; f++) ySum[f] += yj[jo + f];
        }
        let scale = 1;
        for (let at = start; at < end; at++) {
          const i = index[at];
          const io = i * k;
          let dot = 0;
          for (let f = 0; f < k; f++) {
            implicit[f] = (scale * ySum[f] + nIu * shift[f]) * invSqrtIu;
            dot += qi[io + f] * (pu[uo + f] + implicit[f]);
          }
          const err = ratings[at] - (mu + bu[u] + bi[i] + dot);
          bu[u] += lrBu * (err - regBu * bu[u]);
          bi[i] += lrBi * (err - regBi * bi[i]);
          for (let f = 0; f < k; f++) {
            const puf = pu[uo + f];
            const qif = qi[io + f];
            pu[uo + f] = puf + lrPu * (err * qif - regPu * puf);
            qi[io + f] = qif + lrQi * (err * (puf + implicit[f]) - regQi * qif);
            shift[f] = decay * shift[f] + lrYj * (err * qif * invSqrtIu);
          }
          scale *= decay;
        }
        for (let at = start; at < end; at++) {
          const jo = index[at] * k;
          for (let f = 0; f < k; f++) yj[jo + f] = scale * yj[jo + f] + shift[f];
        }
      }
    }
    // Before takeLearned, whose `learned` reads y_j.
    this.yj = yj;
    return this.takeLearned(arrays);
  }

  override learnedArrays(): Record<string, TypedArray> {
    return { ...super.learnedArrays(), yj: this.yj };
  }

  protected override restoreArrays(arrays: Record<string, TypedArray>): void {
    this.yj = learnedArray(arrays, Float64Array, 'yj', this.trainset.nItems * this.nFactors);
    super.restoreArrays(arrays);
  }

  /** v_u = p_u + |I_u|^-½ Σ y_j, computed once per user instead of once per estimate. */
  protected override learned(): void {
    super.learned();
    const k = this.nFactors;
    const { offsets, index } = this.trainset.ur;
    const vectors = new Float64Array(this.pu.length);
    const sum = new Float64Array(k);
    for (let u = 0; u < this.trainset.nUsers; u++) {
      sum.fill(0);
      for (let at = offsets[u]; at < offsets[u + 1]; at++) {
        const jo = index[at] * k;
        for (let f = 0; f < k; f++) sum[f] += this.yj[jo + f];
      }
      const sqrtIu = Math.sqrt(offsets[u + 1] - offsets[u]);
      for (let f = 0; f < k; f++) vectors[u * k + f] = this.pu[u * k + f] + sum[f] / sqrtIu;
    }
    this.userVectors = vectors;
  }
}
