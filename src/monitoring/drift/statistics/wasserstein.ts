/**
 * First Wasserstein (earth mover's) distance between two 1-D samples, as
 * `scipy.stats.wasserstein_distance(u, v)` computes it: ∫ |F_u(t) − F_v(t)| dt over the merged
 * support, the empirical CDFs being step functions. In the units of the values (stars, hours).
 */
import { requireSample, sortedCopy } from './sample-input.ts';

export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  requireSample('u', u);
  requireSample('v', v);
  const x = sortedCopy(u);
  const y = sortedCopy(v);
  const n1 = x.length;
  const n2 = y.length;
  // Walk the merged order; between consecutive merged values both CDFs are constant. When the
  // gap is positive every value up to the left end has been consumed, so i/n1 and j/n2 are the
  // CDFs there; when it is zero the term vanishes whatever they are.
  let i = 0;
  let j = 0;
  let previous = x[0] <= y[0] ? x[0] : y[0];
  let distance = 0;
  let compensation = 0; // Neumaier summation: 200k terms of mixed size
  while (i < n1 || j < n2) {
    const next = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    const term = Math.abs(i / n1 - j / n2) * (next - previous);
    const sum = distance + term;
    compensation += Math.abs(distance) >= term ? distance - sum + term : term - sum + distance;
    distance = sum;
    if (i < n1 && next === x[i]) i++;
    else j++;
    previous = next;
  }
  return distance + compensation;
}
