/**
 * Matrix factorization, after Surprise 1.1.4's `matrix_factorization` module, with its defaults and
 * update rules: SVD (biased MF by SGD) and NMF (non-negative factors by multiplicative updates) here,
 * SVD++ in svdpp.ts. Ratings are visited as Surprise's `all_ratings()` visits them — user by user in
 * inner-id order, each user's ratings in trainset order — which is exactly the `ur` CSR.
 *
 * Dot products add in four running sums (vectors.ts) where Surprise adds in one: the same arithmetic
 * up to rounding, and faster. SVD's epochs run on a WebAssembly SIMD kernel (wasm/svd-epochs.ts) that
 * takes the same steps in the same order, so the numbers do not depend on which one ran.
 *
 * Surprise's `random_state=None` draws a fresh seed; here the default is 0, so that training is
 * reproducible unless asked otherwise. Our generator is not numpy's: the same seed gives the same
 * numbers here, not Surprise's numbers.
 */
import type { Params } from './algo-base.ts';
import { requireNonNegative, resolveParams, InvalidParameterError } from './algo-params.ts';
import { checkFactorParams, FactorModel, normalStart, ratesAndRegs } from './factor-model.ts';
import { Random } from '../random.ts';
import { dot } from '../vectors.ts';
import { svdEpochsInKernel } from '../wasm/svd-epochs.ts';
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
    const arrays = normalStart(new Random(p.random_state), trainset, k, p.init_mean, p.init_std_dev);
    const mu = this.biased ? trainset.globalMean : 0;
    const rates = new Float64Array([p.lr_bu, p.lr_bi, p.lr_pu, p.lr_qi, p.reg_bu, p.reg_bi, p.reg_pu, p.reg_qi]);
    if (!svdEpochsInKernel(trainset.ur, k, mu, this.biased, rates, p.n_epochs, arrays)) {
      const { offsets, index, ratings } = trainset.ur;
      const { bu, bi, pu, qi } = arrays;
      for (let epoch = 0; epoch < p.n_epochs; epoch++) {
        sgdEpoch(offsets, index, ratings, k, mu, this.biased, rates, bu, bi, pu, qi);
      }
    }
    return this.takeLearned(arrays);
  }
}

/**
 * One SVD epoch over every rating in JavaScript: what runs where WebAssembly SIMD is unavailable, and
 * the reference the `sgdUser` kernel (wasm/factor-kernels.ts) is tested against, bit for bit. On its
 * own so that V8 optimizes it as a whole function with every array and rate in a local. Within a user,
 * the pass that updates p_u and q_i for one rating also computes the next rating's dot product q_j·p_u
 * from the just-updated p_u: one pass over the factors per rating instead of two. Its four running sums add in `dot`'s order, so the numbers are the same
 * as `dot` after the update. `rates` = [lr_bu, lr_bi, lr_pu, lr_qi, reg_bu, reg_bi, reg_pu, reg_qi].
 */
export function sgdEpoch(
  offsets: Int32Array,
  index: Int32Array,
  ratings: Float32Array,
  k: number,
  mu: number,
  biased: boolean,
  rates: Float64Array,
  bu: Float64Array,
  bi: Float64Array,
  pu: Float64Array,
  qi: Float64Array,
): void {
  const lrBu = rates[0];
  const lrBi = rates[1];
  const lrPu = rates[2];
  const lrQi = rates[3];
  const regBu = rates[4];
  const regBi = rates[5];
  const regPu = rates[6];
  const regQi = rates[7];
  const nUsers = offsets.length - 1;
  const k4 = k - (k % 4);
  for (let u = 0; u < nUsers; u++) {
    const start = offsets[u];
    const end = offsets[u + 1];
    if (start === end) continue;
    const uo = u * k;
    let est = dot(qi, index[start] * k, pu, uo, k);
    for (let at = start; at < end; at++) {
      const i = index[at];
      const io = i * k;
      const err = ratings[at] - (mu + bu[u] + bi[i] + est);
      if (biased) {
        bu[u] += lrBu * (err - regBu * bu[u]);
        bi[i] += lrBi * (err - regBi * bi[i]);
      }
      // The next rating's item; its q_j must be read after this update, so a repeated item is not fused.
      const j = at + 1 < end ? index[at + 1] : -1;
      if (j < 0 || j === i) {
        for (let f = 0; f < k; f++) factorStep(pu, qi, uo + f, io + f, err, lrPu, lrQi, regPu, regQi);
        if (j >= 0) est = dot(qi, j * k, pu, uo, k);
        continue;
      }
      const jo = j * k;
      // q_j is read before the step writes q_i, which is another row here (j ≠ i).
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let f = 0;
      for (; f < k4; f += 4) {
        s0 += qi[jo + f] * factorStep(pu, qi, uo + f, io + f, err, lrPu, lrQi, regPu, regQi);
        s1 += qi[jo + f + 1] * factorStep(pu, qi, uo + f + 1, io + f + 1, err, lrPu, lrQi, regPu, regQi);
        s2 += qi[jo + f + 2] * factorStep(pu, qi, uo + f + 2, io + f + 2, err, lrPu, lrQi, regPu, regQi);
        s3 += qi[jo + f + 3] * factorStep(pu, qi, uo + f + 3, io + f + 3, err, lrPu, lrQi, regPu, regQi);
      }
      for (; f < k; f++) s0 += qi[jo + f] * factorStep(pu, qi, uo + f, io + f, err, lrPu, lrQi, regPu, regQi);
      est = s0 + s1 + (s2 + s3);
    }
  }
}

/**
 * One factor's SGD step: p_uf and q_if, at `uf` and `itf`, each moved from the values both had before
 * it. Returns the new p_uf, which `sgdEpoch` folds into the next rating's dot product.
 */
function factorStep(
  pu: Float64Array,
  qi: Float64Array,
  uf: number,
  itf: number,
  err: number,
  lrPu: number,
  lrQi: number,
  regPu: number,
  regQi: number,
): number {
  const puf = pu[uf];
  const qif = qi[itf];
  const p = puf + lrPu * (err * qif - regPu * puf);
  pu[uf] = p;
  qi[itf] = qif + lrQi * (err * puf - regQi * qif);
  return p;
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
    const { reg_pu: regPu, reg_qi: regQi } = p;
    const rates = new Float64Array([p.lr_bu, p.lr_bi, p.reg_bu, p.reg_bi]);
    const { offsets, index, ratings } = trainset.ur;
    const itemOffsets = trainset.ir.offsets;
    for (let epoch = 0; epoch < p.n_epochs; epoch++) {
      userNum.fill(0);
      userDenom.fill(0);
      itemNum.fill(0);
      itemDenom.fill(0);
      nmfSums(offsets, index, ratings, k, mu, this.biased, rates, bu, bi, pu, qi, userNum, userDenom, itemNum, itemDenom);
      scaleFactors(pu, userNum, userDenom, offsets, k, regPu);
      scaleFactors(qi, itemNum, itemDenom, itemOffsets, k, regQi);
    }
    return this.takeLearned({ bu, bi, pu, qi });
  }
}

/**
 * One NMF epoch's sums over every rating (and the SGD steps of the biases when used), on its own with
 * every array in a local so that V8 optimizes it as a whole function.
 * `rates` = [lr_bu, lr_bi, reg_bu, reg_bi].
 */
function nmfSums(
  offsets: Int32Array,
  index: Int32Array,
  ratings: Float32Array,
  k: number,
  mu: number,
  biased: boolean,
  rates: Float64Array,
  bu: Float64Array,
  bi: Float64Array,
  pu: Float64Array,
  qi: Float64Array,
  userNum: Float64Array,
  userDenom: Float64Array,
  itemNum: Float64Array,
  itemDenom: Float64Array,
): void {
  const lrBu = rates[0];
  const lrBi = rates[1];
  const regBu = rates[2];
  const regBi = rates[3];
  const nUsers = offsets.length - 1;
  for (let u = 0; u < nUsers; u++) {
    const uo = u * k;
    const end = offsets[u + 1];
    for (let at = offsets[u]; at < end; at++) {
      const i = index[at];
      const io = i * k;
      const r = ratings[at];
      const est = mu + bu[u] + bi[i] + dot(qi, io, pu, uo, k);
      const err = r - est;
      if (biased) {
        bu[u] += lrBu * (err - regBu * bu[u]);
        bi[i] += lrBi * (err - regBi * bi[i]);
      }
      for (let f = 0; f < k; f++) {
        const qif = qi[io + f];
        const puf = pu[uo + f];
        userNum[uo + f] += qif * r;
        userDenom[uo + f] += qif * est;
        itemNum[io + f] += puf * r;
        itemDenom[io + f] += puf * est;
      }
    }
  }
}

/**
 * NMF's multiplicative step for every row of `factors` (users or items, whose rating counts the CSR
 * `offsets` give): factor × numerator / (denominator + |ratings| · λ · factor). A 0 stays 0.
 */
function scaleFactors(factors: Float64Array, num: Float64Array, denom: Float64Array, offsets: Int32Array, k: number, reg: number): void {
  const nRows = offsets.length - 1;
  for (let row = 0; row < nRows; row++) {
    const nRatings = offsets[row + 1] - offsets[row];
    for (let x = row * k; x < row * k + k; x++) {
      if (factors[x] === 0) continue;
      denom[x] += nRatings * reg * factors[x];
      factors[x] *= num[x] / denom[x];
    }
  }
}
