/**
 * The small rating matrix the neighbourhood tests work out by hand (users 1–5, items 1–5, 17
 * ratings summing to 51, so μ = 3), given user by user: inner ids are then user u → u − 1 and items
 * in order of first appearance: 1, 2, 4, 3, 5.
 *
 *          i1  i2  i3  i4  i5
 *    u1     5   3   ·   1   ·
 *    u2     4   ·   4   1   2
 *    u3     1   1   ·   5   4
 *    u4     ·   1   5   4   ·
 *    u5     2   ·   3   ·   5
 */
import { Trainset, type RatingArrays } from '../../../src/engine/trainset.ts';

export const HAND_RATINGS: [number, number, number][] = [
  [1, 1, 5], [1, 2, 3], [1, 4, 1],
  [2, 1, 4], [2, 3, 4], [2, 4, 1], [2, 5, 2],
  [3, 1, 1], [3, 2, 1], [3, 4, 5], [3, 5, 4],
  [4, 2, 1], [4, 3, 5], [4, 4, 4],
  [5, 1, 2], [5, 3, 3], [5, 5, 5],
];

export function ratingArrays(triples: readonly (readonly [number, number, number])[]): RatingArrays {
  return {
    userIds: Int32Array.from(triples, (t) => t[0]),
    itemIds: Int32Array.from(triples, (t) => t[1]),
    ratings: Float32Array.from(triples, (t) => t[2]),
  };
}

export function handTrainset(): Trainset {
  return Trainset.build(ratingArrays(HAND_RATINGS), { min: 1, max: 5 });
}

/**
 * A random rating matrix: user u rates each item with probability `density` (or `density(u)`), on
 * the half-star scale.
 */
export function randomTrainset(
  seed: number,
  nUsers: number,
  nItems: number,
  density: number | ((u: number) => number),
): Trainset {
  const densityOf = typeof density === 'number' ? () => density : density;
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const triples: [number, number, number][] = [];
  for (let u = 1; u <= nUsers; u++) {
    for (let i = 1; i <= nItems; i++) {
      if (next() < densityOf(u)) triples.push([u, i, 0.5 + Math.floor(next() * 10) / 2]);
    }
  }
  return Trainset.build(ratingArrays(triples), { min: 0.5, max: 5 });
}
