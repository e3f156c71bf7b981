/**
 * Pr(D_n <= d) for the one-sample two-sided Kolmogorov statistic by Pomeranz's recursion (1974):
 * 2n+1 rows, each the convolution of the previous one with (nearly) Poisson weights. Ported from
 * scipy.stats._ksstats (`_kolmogn_Pomeranz`), which uses it for n <= 140 and 0.754693 < n·d² <= 4.
 */
import { ldexp } from './float-math.ts';

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  // (g/n)^m/m!, (2g/n)^m/m!, ((1−2g)/n)^m/m!: Poisson weights without their normalising factor.
  const gPower = new Float64Array(npwrs);
  const twoGPower = new Float64Array(npwrs);
  const oneMinusTwoGPower = new Float64Array(npwrs);
  gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1;
  for (let m = 1; m < npwrs; m++) {
    gPower[m] = (gPower[m - 1] * (g / n)) / m;
    twoGPower[m] = (twoGPower[m - 1] * ((2 * g) / n)) / m;
    oneMinusTwoGPower[m] = (oneMinusTwoGPower[m - 1] * ((1 - 2 * g) / n)) / m;
  }

  // Only two rows are alive at a time, and only a contiguous stretch of each can be non-zero:
  // rowStart/prevStart say which column index 0 of each buffer stands for.
  let prev = new Float64Array(npwrs);
  let row = new Float64Array(npwrs);
  row[0] = 1;
  let prevStart = 0;
  let rowStart = 0;
  let exponent = 0;
  let [j1, j2] = rowBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [prev, row] = [row, prev];
    [prevStart, rowStart] = [rowStart, prevStart];
    row.fill(0);
    [j1, j2] = rowBounds(i, n, ll, ceilf, roundf);
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const width = j2 - k1 + 1;
    if (width > 0) {
      const offset = k1 - prevStart;
      const aLength = Math.min(width, npwrs - offset);
      const bLength = Math.min(width, npwrs);
      const convStart = j1 - k1;
      const convLength = j2 - j1 + 1;
      let largest = 0;
      for (let c = 0; c < convLength; c++) {
        // Entry convStart + c of the full convolution of prev[offset…] with weights[0…].
        const idx = convStart + c;
        let s = 0;
        for (let a = Math.max(0, idx - bLength + 1); a <= Math.min(idx, aLength - 1); a++) {
          s += prev[offset + a] * weights[idx - a];
        }
        row[c] = s;
        if (s > largest) largest = s;
      }
      if (largest > 0 && largest < SCALE_DOWN) {
        for (let c = 0; c < convLength; c++) row[c] *= SCALE_UP;
        exponent -= SCALE_EXPONENT;
      }
      rowStart = prevStart + j1 - k1;
    }
  }

  let answer = row[n - rowStart];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > SCALE_UP) {
      answer *= SCALE_DOWN;
      exponent += SCALE_EXPONENT;
    }
    answer *= m;
  }
  return Math.min(1, Math.max(0, ldexp(answer, exponent)));
}

/** The first and last column of row i that can be non-zero (scipy's `_pomeranz_compute_j1j2`). */
function rowBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
