/**
 * Pr(D_n <= d) for the one-sample two-sided Kolmogorov statistic by Durbin's matrix method, in the
 * form of Marsaglia, Tsang & Wang (2003): with d = (k − h)/n, the answer is n!/n^n times the
 * (k, k) entry of H^n for a (2k−1)×(2k−1) matrix H. Ported from scipy.stats._ksstats
 * (`_kolmogn_DMTW`); scipy uses it where k is small, so the matrix stays small.
 */
import { ldexp } from './float-math.ts';

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  let H = initialMatrix(m, h);
  // Square-and-multiply, rescaling by 2^±128 (exact) and counting the exponent separately,
  // because the entries of H^n span far more than a double's range. Only row k of H^n is needed,
  // so the accumulated power is kept as that row (a vector–matrix product per set bit of n).
  let row: Float64Array = new Float64Array(m);
  row[k - 1] = 1;
  let exponent = 0;
  let hExponent = 0;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2 === 1) {
      row = rowTimesMatrix(row, H, m);
      exponent += hExponent;
    }
    if (nn === 1) break;
    H = square(H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > SCALE_UP) {
      for (let i = 0; i < H.length; i++) H[i] *= SCALE_DOWN;
      hExponent += SCALE_EXPONENT;
    }
  }

  let p = row[k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return Math.min(1, Math.max(0, ldexp(p, exponent)));
}

/** Durbin's H: 1/(i−j+1)! below the superdiagonal, with corrected first column and last row. */
function initialMatrix(m: number, h: number): Float64Array {
  const v = new Float64Array(m);
  const inverseFactorial = new Float64Array(m); // 1/0!, 1/1!, …
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    inverseFactorial[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;

  const H = new Float64Array(m * m);
  for (let col = 1; col < m; col++) {
    for (let row = col - 1; row < m; row++) H[row * m + col] = inverseFactorial[row - col + 1];
  }
  for (let row = 0; row < m; row++) H[row * m] = v[row];
  for (let col = 0; col < m; col++) H[(m - 1) * m + col] = v[m - 1 - col];
  return H;
}

function rowTimesMatrix(v: Float64Array, B: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const a = v[k];
    if (a === 0) continue;
    const offset = k * m;
    for (let j = 0; j < m; j++) out[j] += a * B[offset + j];
  }
  return out;
}

function square(A: Float64Array, m: number): Float64Array {
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const rowOffset = i * m;
    for (let k = 0; k < m; k++) {
      const a = A[rowOffset + k];
      if (a === 0) continue;
      const offset = k * m;
      for (let j = 0; j < m; j++) C[rowOffset + j] += a * A[offset + j];
    }
  }
  return C;
}
