/**
 * log Γ and the pieces of the Lanczos approximation that the incomplete gamma function needs.
 * Coefficients: Boost's lanczos13m53 (N = 13, g ≈ 6.0247), the set scipy's cephes uses.
 */
export const LANCZOS_G = 6.02468004077673;

// Numerator and denominator coefficients, highest power first.
const EXPG_SCALED_NUM = [
  0.006061842346248907, 0.5098416655656676,
  19.519927882476175, 449.9445569063168,
  6955.999602515376, 75999.29304014542,
  601859.6171681099, 3481712.154980646,
  14605578.087685067, 43338889.32467614,
  86363131.2881386, 103794043.11634454,
  56906521.913471565,
];
const EXPG_SCALED_DENOM = [
  1, 66, 1925, 32670, 357423, 2637558, 13339535, 45995730, 105258076, 150917976, 120543840, 39916800, 0,
];

/** The Lanczos sum divided by e^g, S(x): Γ(x) = S(x) · ((x+g−½)/e)^(x−½). */
export function lanczosSumExpgScaled(x: number): number {
  return rationalValue(x, EXPG_SCALED_NUM, EXPG_SCALED_DENOM);
}

/** log Γ(x) for x > 0. Absolute error ~1e-15 (relative accuracy is lost only near the zeros x = 1, 2). */
export function logGamma(x: number): number {
  return Math.log(lanczosSumExpgScaled(x)) + (x - 0.5) * (Math.log(x + LANCZOS_G - 0.5) - 1);
}

/** log(1 + x) − x without cancellation for small x (cephes `log1pmx`). */
export function log1pmx(x: number): number {
  if (Math.abs(x) >= 0.5) return Math.log1p(x) - x;
  let xfac = x;
  let result = 0;
  for (let n = 2; n < 500; n++) {
    xfac *= -x;
    const term = xfac / n;
    result += term;
    if (Math.abs(term) < Number.EPSILON * Math.abs(result)) break;
  }
  return result;
}

/**
 * num(x)/denom(x), both coefficient lists from the highest power down (cephes order); for |x| > 1
 * evaluated in 1/x so the large powers do not overflow (cephes `ratevl`).
 */
function rationalValue(x: number, num: readonly number[], denom: readonly number[]): number {
  const M = num.length - 1;
  const N = denom.length - 1;
  if (Math.abs(x) > 1) {
    const y = 1 / x;
    let numAns = 0;
    for (let i = M; i >= 0; i--) numAns = numAns * y + num[i];
    let denomAns = 0;
    for (let i = N; i >= 0; i--) denomAns = denomAns * y + denom[i];
    return (x ** (N - M) * numAns) / denomAns;
  }
  let numAns = 0;
  for (let i = 0; i <= M; i++) numAns = numAns * x + num[i];
  let denomAns = 0;
  for (let i = 0; i <= N; i++) denomAns = denomAns * x + denom[i];
  return numAns / denomAns;
}
