/**
 * Matrix factorization, after Surprise 1.1.4's `matrix_factorization` module, with its defaults and
 * update rules: SVD (biased MF by SGD) and NMF (non-negative factors by multiplicative updates) here,
 * SVD++ in svdpp.ts. Ratings are visited as Surprise's `all_ratings()` visits them — user by user in
 * inner-id order, each user's ratings in trainset order — which is exactly the `ur` CSR.
 *
 * Dot products add in four running sums (vectors.ts) where Surprise adds in one: the same arithmetic
 * up to rounding, and faster.
 *
 * Surprise's `random_state=None` draws a fresh seed; here the default is 0, so that training is
 * reproducible unless asked otherwise. Our generator is not numpy's: the same seed gives the same
 * numbers here, not Surprise's numbers.
 */
import type { Params } from './algo-base.ts';
import { requireNonNegative, resolveParams, InvalidParameterError } from './algo-params.ts';
import { checkFactorParams, FactorModel, normalMatrix, ratesAndRegs } from './factor-model.ts';
import { Random } from '../random.ts';
import { dot } from '../vectors.ts';
import type { Trainset } from '../trainset.ts';

const SVD_RATES = ['bu', 'bi', 'pu', 'qi'] as const;

type SvdParams = ReturnType<typeof svdDefaults>;

function svdDefaults(given: Params) {
  return {
    n_factors: 100,
    n_epochs: 20,
    biased: true,
    init_mean: 0,
    init_std_dev: 0.1,
    ...ratesAndRegs(given, 0.005, 0.02, SVD_RATES),
    random_state: 0,
  };
}

/**
 * SVD: r̂_ui = μ + b_u + b_i + q_i·p_u, fitted by SGD on the regularized squared error. For each
 * rating, in Surprise's order: the error with the current values, then b_u, b_i, then for each factor
 * p_uf and q_if, both from the values before this step.
 */
export class SVD extends FactorModel {
  readonly name = 'SVD';
  readonly params: SvdParams;
  protected readonly nFactors: number;
  protected readonly biased: boolean;

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('SVD', params, svdDefaults(params));
    checkFactorParams('SVD', this.params);
    requireNonNegative('SVD', this.params, 'init_std_dev');
    this.nFactors = this.params.n_factors;
    this.biased = this.params.biased;
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    const p = this.params;
    const k = this.nFactors;
    const rng = new Random(p.random_state);
    const pu = normalMatrix(rng, trainset.nUsers * k, p.init_mean, p.init_std_dev);
    const qi = normalMatrix(rng, trainset.nItems * k, p.init_mean, p.init_std_dev);
    const bu = new Float64Array(trainset.nUsers);
    const bi = new Float64Array(trainset.nItems);
    const mu = this.biased ? trainset.globalMean : 0;
    const { lr_bu: lrBu, lr_bi: lrBi, lr_pu: lrPu, lr_qi: lrQi } = p;
    const { reg_bu: regBu, reg_bi: regBi, reg_pu: regPu, reg_qi: regQi } = p;
    const biased = this.biased;
    const { offsets, index, ratings } = trainset.ur;
    for (let epoch = 0; epoch < p.n_epochs; epoch++) {
      for (let u = 0; u < trainset.nUsers; u++) {
        const uo = u * k;
        for (let at = offsets[u]; at < offsets[u + 1]; at++) {
          const i = index[at];
          const io = i * k;
          const err = ratings[at] - (mu + bu[u] + bi[i] + dot(qi, io, pu, uo, k));
          if (biased) {
            bu[u] += lrBu * (err - regBu * bu[u]);
            bi[i] += lrBi * (err - regBi * bi[i]);
          }
          for (let x = uo, y = io; x < uo + k; x++, y++) {
            const puf = pu[x];
            const qif = qi[y];
            pu[x] = puf + lrPu * (err * qif - regPu * puf);
            qi[y] = qif + lrQi * (err * puf - regQi * qif);
          }
        }
      }
    }
    this.bu = bu;
    this.bi = bi;
    this.pu = pu;
    this.qi = qi;
    this.learned();
    return this;
  }
}

type NmfParams = ReturnType<typeof nmfDefaults>;

function nmfDefaults() {
  return {
    n_factors: 15,
    n_epochs: 50,
    biased: false,
    reg_pu: 0.06,
    reg_qi: 0.06,
    reg_bu: 0.02,
    reg_bi: 0.02,
    lr_bu: 0.005,
    lr_bi: 0.005,
    init_low: 0,
    init_high: 1,
    random_state: 0,
  };
}

/**
 * NMF: r̂_ui = q_i·p_u with factors kept non-negative by multiplicative updates (Luo et al. 2014).
 * Each epoch sums, over all ratings, q_if·r and q_if·r̂ per user and p_uf·r and p_uf·r̂ per item (the
 * biases, when used, move by SGD on the way), then scales every factor by numerator / (denominator +
 * |ratings| · λ · factor). A factor that reached 0 stays 0, as in Surprise.
 */
export class NMF extends FactorModel {
  readonly name = 'NMF';
  readonly params: NmfParams;
  protected readonly nFactors: number;
  protected readonly biased: boolean;

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('NMF', params, nmfDefaults());
    checkFactorParams('NMF', this.params);
    if (this.params.init_low < 0) {
      throw new InvalidParameterError('NMF: parameter "init_low" must be ≥ 0 to keep the factors non-negative');
    }
    if (this.params.init_high < this.params.init_low) {
      throw new InvalidParameterError('NMF: parameter "init_high" must be ≥ init_low');
    }
    this.nFactors = this.params.n_factors;
    this.biased = this.params.biased;
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    const p = this.params;
    const k = this.nFactors;
    const { nUsers, nItems } = trainset;
    const rng = new Random(p.random_state);
    const pu = new Float64Array(nUsers * k);
    for (let x = 0; x < pu.length; x++) pu[x] = rng.uniform(p.init_low, p.init_high);
    const qi = new Float64Array(nItems * k);
    for (let x = 0; x < qi.length; x++) qi[x] = rng.uniform(p.init_low, p.init_high);
    const bu = new Float64Array(nUsers);
    const bi = new Float64Array(nItems);
    const userNum = new Float64Array(nUsers * k);
    const userDenom = new Float64Array(nUsers * k);
    const itemNum = new Float64Array(nItems * k);
    const itemDenom = new Float64Array(nItems * k);
    const mu = this.biased ? trainset.globalMean : 0;
    const { lr_bu: lrBu, lr_bi: lrBi, reg_bu: regBu, reg_bi: regBi, reg_pu: regPu, reg_qi: regQi } = p;
    const biased = this.biased;
    const { offsets, index, ratings } = trainset.ur;
    const itemOffsets = trainset.ir.offsets;
    for (let epoch = 0; epoch < p.n_epochs; epoch++) {
      userNum.fill(0);
      userDenom.fill(0);
      itemNum.fill(0);
      itemDenom.fill(0);
      for (let u = 0; u < nUsers; u++) {
        const uo = u * k;
        for (let at = offsets[u]; at < offsets[u + 1]; at++) {
          const i = index[at];
          const io = i * k;
          const r = ratings[at];
          const est = mu + bu[u] + bi[i] + dot(qi, io, pu, uo, k);
          const err = r - est;
          if (biased) {
            bu[u] += lrBu * (err - regBu * bu[u]);
            bi[i] += lrBi * (err - regBi * bi[i]);
          }
          for (let x = uo, y = io; x < uo + k; x++, y++) {
            userNum[x] += qi[y] * r;
            userDenom[x] += qi[y] * est;
            itemNum[y] += pu[x] * r;
            itemDenom[y] += pu[x] * est;
          }
        }
      }
      for (let u = 0; u < nUsers; u++) {
        const nRatings = offsets[u + 1] - offsets[u];
        for (let x = u * k; x < u * k + k; x++) {
          if (pu[x] === 0) continue;
          userDenom[x] += nRatings * regPu * pu[x];
          pu[x] *= userNum[x] / userDenom[x];
        }
      }
      for (let i = 0; i < nItems; i++) {
        const nRatings = itemOffsets[i + 1] - itemOffsets[i];
        for (let x = i * k; x < i * k + k; x++) {
          if (qi[x] === 0) continue;
          itemDenom[x] += nRatings * regQi * qi[x];
          qi[x] *= itemNum[x] / itemDenom[x];
        }
      }
    }
    this.bu = bu;
    this.bi = bi;
    this.pu = pu;
    this.qi = qi;
    this.learned();
    return this;
  }
}
