/**
 * Survival function of the exact one-sample two-sided Kolmogorov–Smirnov statistic D_n,
 * scipy.stats.kstwo.sf(d, n). scipy's asymptotic two-sample test evaluates it at
 * n = round(n1·n2/(n1+n2)). Ported from scipy.stats._ksstats (`_kolmogn`), which picks among
 * several methods by n and n·d² as Simard & L'Ecuyer (2011) recommend; the thresholds below are
 * scipy's, so each (n, d) goes through the same method as in scipy.
 */
import { clipProbability } from './float-math.ts';
import { durbinCdf } from './kolmogorov-durbin.ts';
import { pelzGoodCdf } from './kolmogorov-pelz-good.ts';
import { pomeranzCdf } from './kolmogorov-pomeranz.ts';
import { smirnovSf } from './smirnov.ts';

/** Bernoulli-number coefficients of Stirling's series, highest power first (scipy's order). */
const STIRLING_COEFFS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176,
  0.0008417508417508417, -0.0005952380952380953, 0.0007936507936507937,
  -0.002777777777777778, 0.08333333333333333,
];
const LOG_2PI = Math.log(2 * Math.PI);

/** Pr(D_n >= d) for an integer n >= 1. */
export function kolmogorovTwoSidedSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1 || Number.isNaN(d)) return Number.NaN;
  // kstwo's support is [1/(2n), 1]: at or below its left end the survival is 1.
  if (d <= 0.5 / n) return 1;
  if (d >= 1) return 0;
  const t = n * d;
  if (t <= 1) {
    // Ruben & Gambino: Pr(D_n <= d) = n!/n^n (2t − 1)^n for 1/(2n) <= d <= 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) return clipProbability(2 * (1 - d) ** n); // Ruben & Gambino again
  // Above 1/2 the events D+ >= d and D− >= d are disjoint, so the two one-sided tails add exactly.
  if (d >= 0.5) return clipProbability(2 * smirnovSf(n, d));

  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clipProbability(1 - durbinCdf(n, d));
    if (nd2 <= 4) return clipProbability(1 - pomeranzCdf(n, d));
    return clipProbability(2 * smirnovSf(n, d)); // Miller's approximation
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clipProbability(2 * smirnovSf(n, d));
  const cdf = n <= 100_000 && n * d ** 1.5 <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d);
  return clipProbability(1 - cdf);
}

/** log(n!/n^n) by Stirling's series, with n·log n taken out up front to avoid cancellation. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const y = rn / n;
  let series = 0;
  for (const c of STIRLING_COEFFS) series = series * y + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * series;
}
