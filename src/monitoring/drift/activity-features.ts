/**
 * Activity features, built so that the reference and the current window are comparable although
 * they hold different numbers of ratings.
 *
 * Ratings per user (or movie) grow with the number of ratings counted: 1 000 recent ratings give
 * far smaller counts than the 100 000 the champion was trained on, without any change in how people
 * behave. So both sides are thinned to the same number m of ratings (a seeded uniform subset of
 * the reference's rating sample, and of the current window), and the counts are taken within those.
 * Under "no drift" both are then uniform m-subsets of the same rating process, and the counts are
 * alike; more concentrated activity (a few heavy raters, a bot) shows as a shift.
 *
 * Movie popularity is each rating's movie's number of ratings in the reference. It is measured on
 * one half of the reference sample and looked up for the other half and for the current ratings:
 * the looked-up ratings are then independent of the table on both sides, whereas a rating looked up
 * in a table that counts it would be one more popular than a new rating of the same movie.
 */
import { Random } from '../../engine/index.ts';

/** `m` distinct row indices below `n`, drawn uniformly with `seed` (all of them, in order, when m = n). */
export function thinnedRows(n: number, m: number, seed: number): Int32Array {
  return m >= n ? identity(n) : shuffledRows(n, seed).subarray(0, m);
}

function identity(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let k = 0; k < n; k++) rows[k] = k;
  return rows;
}

function shuffledRows(n: number, seed: number): Int32Array {
  return new Random(seed).shuffle(identity(n));
}

/** How many of `rows` each distinct id has (one value per id, ascending by count). */
export function countsPerId(ids: Int32Array, rows: Int32Array): Float64Array {
  const picked = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) picked[k] = ids[rows[k]];
  picked.sort();
  const counts: number[] = [];
  let run = 0;
  for (let k = 0; k < picked.length; k++) {
    run++;
    if (k === picked.length - 1 || picked[k + 1] !== picked[k]) {
      counts.push(run);
      run = 0;
    }
  }
  return Float64Array.from(counts).sort();
}

/**
 * [reference values, current values]: the popularity of each rating's movie in a table built from
 * a seeded half of `referenceMovies`; the reference values are the other half's.
 */
export function popularityValues(referenceMovies: Int32Array, currentMovies: Int32Array, seed: number): [Float64Array, Float64Array] {
  const order = shuffledRows(referenceMovies.length, seed);
  const half = referenceMovies.length >> 1;
  const table = new Map<number, number>();
  for (let k = 0; k < half; k++) {
    const movie = referenceMovies[order[k]];
    table.set(movie, (table.get(movie) ?? 0) + 1);
  }
  const reference = new Float64Array(referenceMovies.length - half);
  for (let k = half; k < referenceMovies.length; k++) reference[k - half] = table.get(referenceMovies[order[k]]) ?? 0;
  const current = new Float64Array(currentMovies.length);
  for (let k = 0; k < currentMovies.length; k++) current[k] = table.get(currentMovies[k]) ?? 0;
  return [reference, current];
}
