/**
 * Baseline estimates b_ui = μ + b_u + b_i (Koren 2010, section 2.1), computed exactly as Surprise's
 * `optimize_baselines`: alternating least squares (the default) or stochastic gradient descent.
 * BaselineOnly predicts them; KNNBaseline and the pearson_baseline similarity build on them.
 */
import type { Csr, Trainset } from '../trainset.ts';
import type { Params } from './algo-base.ts';
import { InvalidParameterError, requireInteger, requireNonNegative } from './algo-params.ts';

/** Surprise's `bsl_options`, resolved: every field set. */
export interface BaselineOptions {
  method: 'als' | 'sgd';
  n_epochs: number;
  /** ALS regularisation of user biases and of item biases. */
  reg_u: number;
  reg_i: number;
  /** SGD regularisation and learning rate. */
  reg: number;
  learning_rate: number;
}

export interface Baselines {
  bu: Float64Array;
  bi: Float64Array;
}

/**
 * The flat `bsl_*` parameters of every algorithm that uses baselines, with Surprise's defaults:
 * ALS with 10 epochs, reg_u 15, reg_i 10; SGD with 20 epochs, reg 0.02, learning rate 0.005. All are
 * listed whatever the method, as Surprise's `bsl_options` accepts them all, so that a grid may vary
 * the method alone.
 */
export function baselineDefaults(given: Params) {
  return {
    bsl_method: 'als',
    bsl_n_epochs: given.bsl_method === 'sgd' ? 20 : 10,
    bsl_reg_u: 15,
    bsl_reg_i: 10,
    bsl_reg: 0.02,
    bsl_learning_rate: 0.005,
  };
}

/** Checks resolved `bsl_*` parameters and returns them under Surprise's `bsl_options` names. */
export function baselineOptions(algorithm: string, params: ReturnType<typeof baselineDefaults>): BaselineOptions {
  const method = params.bsl_method;
  if (method !== 'als' && method !== 'sgd') {
    throw new InvalidParameterError(`${algorithm}: parameter "bsl_method" must be als or sgd, got "${method}"`);
  }
  requireInteger(algorithm, params, 'bsl_n_epochs', 0);
  for (const key of ['bsl_reg_u', 'bsl_reg_i', 'bsl_reg', 'bsl_learning_rate']) {
    requireNonNegative(algorithm, params, key);
  }
  return {
    method,
    n_epochs: params.bsl_n_epochs,
    reg_u: params.bsl_reg_u,
    reg_i: params.bsl_reg_i,
    reg: params.bsl_reg,
    learning_rate: params.bsl_learning_rate,
  };
}

export function computeBaselines(trainset: Trainset, options: BaselineOptions): Baselines {
  return options.method === 'als'
    ? baselinesAls(trainset, options.n_epochs, options.reg_u, options.reg_i)
    : baselinesSgd(trainset, options.n_epochs, options.reg, options.learning_rate);
}

/**
 * Each epoch solves the item biases given the user biases, then the user biases given the new item
 * biases — Surprise's order, which the first epochs' values depend on.
 */
function baselinesAls(ts: Trainset, nEpochs: number, regU: number, regI: number): Baselines {
  const bu = new Float64Array(ts.nUsers);
  const bi = new Float64Array(ts.nItems);
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    alsStep(ts.ir, ts.globalMean, bu, regI, bi);
    alsStep(ts.ur, ts.globalMean, bi, regU, bu);
  }
  return { bu, bi };
}

/**
 * One half of an ALS epoch: for each row (an item, or a user) of `csr`, the bias that minimises the
 * regularised error given the other side's biases `other`. Its own function, one loop nest, so that
 * V8 optimizes it whole from the second call instead of entering and leaving on-stack-replaced code
 * in every epoch.
 */
function alsStep(csr: Csr, mean: number, other: Float64Array, reg: number, out: Float64Array): void {
  const { offsets, index, ratings } = csr;
  for (let row = 0; row < out.length; row++) {
    let dev = 0;
    const end = offsets[row + 1];
    for (let p = offsets[row]; p < end; p++) dev += ratings[p] - mean - other[index[p]];
    out[row] = dev / (reg + (end - offsets[row]));
  }
}

/** One pass over the ratings per epoch, user by user, as Surprise's `all_ratings()` walks them. */
function baselinesSgd(ts: Trainset, nEpochs: number, reg: number, lr: number): Baselines {
  const bu = new Float64Array(ts.nUsers);
  const bi = new Float64Array(ts.nItems);
  const mean = ts.globalMean;
  const { offsets, index, ratings } = ts.ur;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    for (let u = 0; u < ts.nUsers; u++) {
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const i = index[p];
        const err = ratings[p] - (mean + bu[u] + bi[i]);
        bu[u] += lr * (err - reg * bu[u]);
        bi[i] += lr * (err - reg * bi[i]);
      }
    }
  }
  return { bu, bi };
}
