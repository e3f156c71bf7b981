/**
 * Exact null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic, ported from
 * scipy.stats (`_attempt_exact_2kssamp`, `_compute_prob_outside_square` in _stats_py.py and
 * `_compute_outer_prob_inside_method` in _stats_pythran.py) so that p-values agree with
 * `scipy.stats.ks_2samp`. The statistic D is a multiple of 1/lcm(n1, n2); with h = D·lcm the
 * p-value is the share of monotone lattice paths from (0,0) to (n1,n2) that leave the band
 * |x/n1 − y/n2| < h/lcm (Hodges 1958).
 */
import { roundHalfEven } from './float-math.ts';

export interface ExactAttempt {
  /** D rounded to the lattice, h / lcm(n1, n2); scipy reports this value as the statistic. */
  statistic: number;
  /** NaN when the computation did not produce a probability; the caller then goes asymptotic. */
  pValue: number;
}

export function exactTwoSidedPValue(n1: number, n2: number, gcd: number, d: number): ExactAttempt {
  const lcm = (n1 / gcd) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, gcd, h);
  return { statistic, pValue: p >= 0 && p <= 1 ? p : Number.NaN };
}

/**
 * Equal sizes: P(D_{n,n} >= h/n) = 2 Σ_k (−1)^(k−1) C(2n, n−kh) / C(2n, n), evaluated as
 * 2·A0·(1 − A1·(1 − A2·(…))) with each ratio built term by term, which avoids the cancellation
 * of the alternating sum.
 */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * Unequal sizes: walks the lattice one column at a time, keeping only the window of rows inside
 * the band, and carries 1 − (share of paths still inside) directly (Viehmann 2021), so every value
 * stays in [0, 1] instead of growing like a binomial coefficient.
 */
function probOutsideBand(n1: number, n2: number, gcd: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / gcd;
  const ng = n / gcd;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    // Rows that dropped out of the window above are outside the band: their share is 1.
    if (lastlen > curlen) A.fill(1, curlen, Math.min(curlen + (lastlen - curlen), lenA));
  }
  return A[maxj - minj - 1];
}
