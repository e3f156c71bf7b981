/**
 * Solves A·x = b for a symmetric positive definite A (row-major, n × n) by Cholesky factorisation.
 * The normal equations of a ridge regression are exactly such a system: XᵀX is positive
 * semi-definite and the ridge term makes it definite, so no pivoting is needed.
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  if (a.length !== n * n || b.length !== n) throw new RangeError(`expected an ${n}×${n} matrix and ${n} values`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let f = 0; f < j; f++) s -= l[i * n + f] * l[j * n + f];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('the matrix is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  // L·y = b, then Lᵀ·x = y.
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let f = 0; f < i; f++) s -= l[i * n + f] * x[f];
    x[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let f = i + 1; f < n; f++) s -= l[f * n + i] * x[f];
    x[i] = s / l[i * n + i];
  }
  return x;
}
