import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DatasetNotFoundError, InvalidLineError } from '../../../src/data/movielens/errors.ts';
import { readRatingsFile } from '../../../src/data/movielens/read-ratings-file.ts';
import { tinyCsvDataset, writeDataset } from '../../support/datasets.ts';
import { bundledDataDir, missingReason, sharedData } from '../../support/shared-data.ts';

describe('readRatingsFile', () => {
  test('reads ratings.csv into typed arrays with epoch-millisecond timestamps', async () => {
    const data = await readRatingsFile(join(writeDataset(tinyCsvDataset), 'ratings.csv'));
    assert.deepEqual(Array.from(data.userIds), [1, 1, 2, 2]);
    assert.deepEqual(Array.from(data.itemIds), [1, 2, 1, 3]);
    assert.deepEqual(Array.from(data.ratings), [4, 3.5, 5, 0.5]);
    assert.deepEqual(Array.from(data.timestamps ?? []), [964982703000, 964982704000, 964982705000, 964982706000]);
    assert.ok(data.userIds instanceof Int32Array && data.ratings instanceof Float32Array && data.timestamps instanceof Float64Array);
  });

  test('a directory finds its ratings file; the bundled ml-latest-small has 100,836 ratings', async () => {
    const data = await readRatingsFile(bundledDataDir);
    assert.equal(data.ratings.length, 100_836);
    assert.equal(new Set(data.userIds).size, 610);
    assert.deepEqual([data.userIds[0], data.itemIds[0], data.ratings[0], data.timestamps?.[0]], [1, 1, 4, 964982703000]);
  });

  test('ml-100k u.data, fast', async (t) => {
    const dir = sharedData('ml-100k');
    if (!dir) return t.skip(missingReason('ml-100k'));
    await readRatingsFile(join(dir, 'u.data')); // warm up the JIT, as a long-running process would be
    const started = performance.now();
    const data = await readRatingsFile(join(dir, 'u.data'), 'ml-100k');
    const ms = performance.now() - started;
    assert.equal(data.ratings.length, 100_000);
    assert.deepEqual([data.userIds[0], data.itemIds[0], data.ratings[0], data.timestamps?.[0]], [196, 242, 3, 881250949000]);
    assert.equal(new Set(data.itemIds).size, 1682);
    t.diagnostic(`u.data read in ${ms.toFixed(0)} ms`);
    assert.ok(ms < 200, `took ${ms.toFixed(0)} ms`);
    assert.equal((await readRatingsFile(dir)).ratings.length, 100_000);
  });

  test('ml-1m ratings.dat (the partial file, gunzipped), and the .gz read directly', async (t) => {
    const gz = sharedData('ml-1m/ratings.dat.first-487650-lines.gz');
    if (!gz) return t.skip(missingReason('ml-1m/ratings.dat.first-487650-lines.gz'));
    const direct = await readRatingsFile(gz, 'ml-1m');
    assert.equal(direct.ratings.length, 487_650);
    assert.deepEqual([direct.userIds[0], direct.itemIds[0], direct.ratings[0], direct.timestamps?.[0]], [1, 1193, 5, 978300760000]);
    const dir = writeDataset({});
    execFileSync('sh', ['-c', `gzip -dc "${gz}" | head -n 1000 > "${join(dir, 'ratings.dat')}"`]);
    const head = await readRatingsFile(dir);
    assert.equal(head.ratings.length, 1000);
    assert.deepEqual(Array.from(head.userIds.subarray(0, 3)), Array.from(direct.userIds.subarray(0, 3)));
  });

  test('auto-detects the layout from the first line when the name does not tell', async () => {
    const dir = writeDataset({ 'a.txt': '1::2::3::4\n', 'b.txt': '1\t2\t3\t4\n', 'c.txt': 'userId,movieId,rating,timestamp\n1,2,3,4\n' });
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      const data = await readRatingsFile(join(dir, name));
      assert.deepEqual([data.userIds[0], data.itemIds[0], data.ratings[0], data.timestamps?.[0]], [1, 2, 3, 4000], name);
    }
    writeFileSync(join(dir, 'd.csv.gz'), gzipSync('userId,movieId,rating,timestamp\n5,6,2.5,7\n'));
    assert.deepEqual(Array.from((await readRatingsFile(join(dir, 'd.csv.gz'))).ratings), [2.5]);
  });

  test('a file read in many chunks counts its lines across them', async () => {
    const lines = Array.from({ length: 20_000 }, (_, k) => `${(k % 900) + 1}\t${(k % 1600) + 1}\t${(k % 5) + 1}\t${880000000 + k}`);
    const dir = writeDataset({ 'ok.data.gz': gzipSync(`${lines.join('\n')}\n`) });
    const data = await readRatingsFile(join(dir, 'ok.data.gz'), 'ml-100k');
    assert.equal(data.ratings.length, 20_000);
    assert.deepEqual([data.userIds[19_999], data.itemIds[19_999], data.ratings[19_999], data.timestamps?.[19_999]], [200, 800, 5, 880019999000]);
    lines[14_999] = '1\t2\t3\t4\t5';
    writeFileSync(join(dir, 'bad.data.gz'), gzipSync(lines.join('\n')));
    await assert.rejects(readRatingsFile(join(dir, 'bad.data.gz'), 'ml-100k'), /bad\.data\.gz:15000: expected 4 fields separated by "\\t", found 5$/);
  });

  test('bad lines and missing files fail like the import does', async () => {
    const dir = writeDataset({ 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,6.0,1\n', 'u.data': '1\t2\t3\n' });
    await assert.rejects(readRatingsFile(join(dir, 'ratings.csv')), (e: unknown) =>
      e instanceof InvalidLineError && e.message === `${join(dir, 'ratings.csv')}:3: rating must be a number from 0.5 to 5.0 in steps of 0.5, got "6.0"`);
    await assert.rejects(readRatingsFile(join(dir, 'u.data')), /u\.data:1: expected 4 fields separated by "\\t", found 3/);
    await assert.rejects(readRatingsFile(join(dir, 'nope.csv')), (e: unknown) => e instanceof DatasetNotFoundError && /missing file: .*nope\.csv/.test(e.message));
    await assert.rejects(readRatingsFile(writeDataset({ 'x.txt': '' })), /no ratings file \(looked for ratings\.csv, u\.data, ratings\.dat\)/);
  });
});
