/** Small synthetic ratings for the factor-model, top-N and model-file tests. */
import { Random } from '../../../src/engine/random.ts';
import { Trainset, type RatingArrays } from '../../../src/engine/trainset.ts';

/** Ratings as (raw user, raw item, rating) triples, in trainset order. */
export function trainsetOf(triples: [number, number, number][], min = 1, max = 5): Trainset {
  const data: RatingArrays = {
    userIds: Int32Array.from(triples, (t) => t[0]),
    itemIds: Int32Array.from(triples, (t) => t[1]),
    ratings: Float32Array.from(triples, (t) => t[2]),
  };
  return Trainset.build(data, { min, max });
}

/**
 * About `density` of a nUsers × nItems matrix rated in half stars from 1 to 5, with some structure
 * (user and item effects) so that the models have something to learn; every user and item has a rating, no pair twice.
 */
export function randomTrainset(nUsers: number, nItems: number, density: number, seed: number): Trainset {
  const rng = new Random(seed);
  const userEffect = Array.from({ length: nUsers }, () => rng.normal(0, 0.7));
  const itemEffect = Array.from({ length: nItems }, () => rng.normal(0, 0.7));
  const triples: [number, number, number][] = [];
  const rated = new Set<number>();
  const rate = (u: number, i: number) => {
    if (rated.has(u * nItems + i)) return;
    rated.add(u * nItems + i);
    const r = 3.5 + userEffect[u] + itemEffect[i] + rng.normal(0, 0.5);
    triples.push([100 + u, 1000 + i, Math.min(5, Math.max(1, Math.round(r * 2) / 2))]);
  };
  for (let u = 0; u < nUsers; u++) rate(u, u % nItems);
  for (let i = 0; i < nItems; i++) rate(i % nUsers, i);
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems; i++) if (rng.next() < density) rate(u, i);
  }
  // Shuffle, so that trainset order is not user order (as after a KFold split).
  const order = rng.shuffle(Int32Array.from({ length: triples.length }, (_, k) => k));
  return trainsetOf(Array.from(order, (k) => triples[k]));
}
