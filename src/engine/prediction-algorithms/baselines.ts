/**
 * Baseline estimates b_ui = μ + b_u + b_i (Koren 2010, section 2.1), computed exactly as Surprise's
 * `optimize_baselines`: alternating least squares (the default) or stochastic gradient descent.
 * BaselineOnly predicts them; KNNBaseline and the pearson_baseline similarity build on them.
 */
import type { Trainset } from '../trainset.ts';
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
  const mean = ts.globalMean;
  const { ur, ir } = ts;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    for (let i = 0; i < ts.nItems; i++) {
      let dev = 0;
      const end = ir.offsets[i + 1];
      for (let p = ir.offsets[i]; p < end; p++) dev += ir.ratings[p] - mean - bu[ir.index[p]];
      bi[i] = dev / (regI + (end - ir.offsets[i]));
    }
    for (let u = 0; u < ts.nUsers; u++) {
      let dev = 0;
      const end = ur.offsets[u + 1];
      for (let p = ur.offsets[u]; p < end; p++) dev += ur.ratings[p] - mean - bi[ur.index[p]];
      bu[u] = dev / (regU + (end - ur.offsets[u]));
    }
  }
  return { bu, bi };
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
