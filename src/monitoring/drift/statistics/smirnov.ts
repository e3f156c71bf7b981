/**
 * Survival function of the one-sided one-sample Kolmogorov–Smirnov statistic D_n^+ (Smirnov),
 * scipy.special.smirnov(n, x), from the Birnbaum–Tingey sum
 *   Pr(D_n^+ >= x) = x Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) (1 − x − v/n)^(n−v) (x + v/n)^(v−1).
 * scipy (xsf/cephes/kolmogorov.h) evaluates the terms in double-double arithmetic to keep full
 * relative precision of the tiniest tails; here each term is formed as exp(log term). The terms are
 * all positive, so the sum loses nothing, and the error in each log is ~n·ε: a relative error
 * near 1e-11 at n = 100 000, far inside the 1e-6 the drift report needs. The same special cases
 * and the same early exit as scipy are kept.
 */
import { clipProbability } from './float-math.ts';

/** cephes MINLOG: log(2^-1075); exp of anything below is 0. */
const MIN_LOG = -745.1332191019412;
const MAX_COMPUTE_N = 1_000_000;

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxFloor = Math.floor(nx);
  const alpha = nx - nxFloor;
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    return 1 - x * Math.exp((n - 1) * Math.log1p(x)); // x <= 1/n: cdf = x (1+x)^(n−1)
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return Math.exp(n * Math.log1p(-x)); // x >= 1 − 1/n: sf = (1−x)^n
  if (n > MAX_COMPUTE_N) {
    // Too many terms: scipy's approximation p ~ exp(−(6nx+1)²/(18n)).
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }

  const nTerms = n - nxFloor; // v < n(1 − x): the term at v = n(1 − x) is zero
  const logX = Math.log(x);
  let logBinomial = 0;
  let sum = Math.exp(n * Math.log1p(-x) - logX);
  const vmid = Math.floor(n / 2);
  for (let v = 1; v < nTerms; v++) {
    logBinomial += Math.log((n - v + 1) / v);
    const term = Math.exp(logBinomial + (n - v) * Math.log((n - v) / n - x) + (v - 1) * Math.log(v / n + x));
    if (term !== 0 && Number.isFinite(term)) sum += term;
    if (term !== 0) {
      // Stop once the rest cannot move the sum (scipy's test, terms decrease from here on).
      if (4 * (nTerms - v) * term < Number.EPSILON * sum && v !== nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
  }
  return clipProbability(x * sum);
}
