/**
 * Writes a synthetic MovieLens-shaped data set of any size (ratings.csv + movies.csv) for the
 * import benchmark: same columns and number formats as ml-25m, distinct (user, movie) pairs,
 * reproducible from the seed. Usage: node --import tsx bench/gen-ratings.ts <dir> <ratings>
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { Random } from '../src/engine/random.ts';

const MOVIES = 62_423; // as many as ml-25m
const MEAN_PER_USER = 153; // ml-25m: 25,000,095 ratings by 162,541 users

export async function generateDataset(dir: string, ratings: number, seed = 42): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeMovies(join(dir, 'movies.csv'));
  await writeRatings(join(dir, 'ratings.csv'), ratings, new Random(seed));
}

async function writeMovies(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('movieId,title,genres\n');
  for (let m = 1; m <= MOVIES; m++) out.write(`${m},Movie ${m} (${1950 + (m % 70)}),Drama|Comedy\n`);
  out.end();
  await once(out, 'finish');
}

/** Each user rates a strided run of movies (the stride coprime to MOVIES), so no pair repeats. */
async function writeRatings(path: string, total: number, random: Random): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buf = Buffer.allocUnsafe(1 << 20);
  let at = buf.write('userId,movieId,rating,timestamp\n');
  const flush = async () => {
    if (!out.write(buf.subarray(0, at))) await once(out, 'drain');
    buf = Buffer.allocUnsafe(1 << 20);
    at = 0;
  };
  let written = 0;
  let time = 1_000_000_000;
  for (let user = 1; written < total; user++) {
    const count = Math.min(total - written, 20 + random.int(2 * (MEAN_PER_USER - 20)));
    const start = random.int(MOVIES);
    const stride = strides[random.int(strides.length)];
    for (let j = 0; j < count; j++) {
      if (at > buf.length - 64) await flush();
      const movie = ((start + j * stride) % MOVIES) + 1;
      const halfStars = 1 + random.int(10);
      time += random.int(30);
      at += buf.write(`${user},${movie},${halfStars >> 1}.${halfStars & 1 ? 5 : 0},${time}\n`, at, 'latin1');
    }
    written += count;
  }
  await flush();
  out.end();
  await once(out, 'finish');
}

const strides = [1, 7, 11, 13, 17, 19, 23, 29, 31, 37].filter((s) => gcd(s, MOVIES) === 1);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count) {
    console.error('usage: gen-ratings.ts <dir> <number of ratings>');
    process.exit(2);
  }
  const started = performance.now();
  await generateDataset(dir, Number(count));
  console.log(`wrote ${Number(count).toLocaleString('en-US')} ratings to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
