/** Small floating-point helpers that numpy has and JavaScript lacks. */

/** x · 2^exponent, stepping so that 2^exponent itself never overflows or underflows. */
export function ldexp(x: number, exponent: number): number {
  let y = x;
  let e = exponent;
  while (e > 1000) {
    y *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    y *= 2 ** -1000;
    e += 1000;
  }
  return y * 2 ** e;
}

/** numpy's `np.round`: halves go to the even neighbour (Math.round sends them up). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function clipProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

export function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
