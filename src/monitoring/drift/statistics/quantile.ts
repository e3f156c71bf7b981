/**
 * numpy's default quantile (method 'linear', Hyndman & Fan type 7) of an already sorted sample,
 * with numpy's two-sided interpolation so results match it to the last bit.
 */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const t = position - below;
  const a = sorted[below];
  const b = sorted[above];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
