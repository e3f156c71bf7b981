import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMAT_VERSION, ModelFileError, readModel, writeModel } from '../../src/engine/model-file.ts';
import type { AlgoBase, Params } from '../../src/engine/prediction-algorithms/algo-base.ts';
import { NMF, SVD } from '../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { SVDpp } from '../../src/engine/prediction-algorithms/svdpp.ts';
import { NormalPredictor } from '../../src/engine/prediction-algorithms/random-pred.ts';
import { Popularity } from '../../src/engine/prediction-algorithms/popularity.ts';
import { TopNRanker } from '../../src/engine/top-n.ts';
import { randomTrainset } from './prediction-algorithms/factor-fixtures.ts';

const CLASSES: Record<string, new (params?: Params) => AlgoBase> = { SVD, SVDpp, NMF, NormalPredictor, Popularity };
const construct = (name: string, params: Params) => {
  const Algo = CLASSES[name];
  if (!Algo) throw new Error(`unknown algorithm ${name}`);
  return new Algo(params);
};

const ts = randomTrainset(30, 40, 0.25, 8);
const meta = {
  engineVersion: '0.1.0',
  dataFingerprint: { sha256: 'abc', ratings: ts.nRatings },
  metrics: { rmse: 0.91, mae: 0.72 },
  createdAt: Date.UTC(2024, 0, 2),
};

/** Every kind of the file's failure is a ModelFileError with a code and a message that says it. */
function rejects(buf: Uint8Array, code: string, message: RegExp) {
  assert.throws(
    () => readModel(buf, construct),
    (error: unknown) => error instanceof ModelFileError && error.code === code && message.test(error.message),
  );
}

describe('model file round trip', () => {
  const algos: AlgoBase[] = [
    new SVD({ n_factors: 7, n_epochs: 5, random_state: 3 }),
    new SVDpp({ n_factors: 4, n_epochs: 3 }),
    new NMF({ n_factors: 3, n_epochs: 10, biased: true }),
    new NormalPredictor({ random_state: 9 }),
    new Popularity({ prior_weight: 3, min_count: 2 }),
  ];
  for (const original of algos) {
    test(`${original.name}: every prediction, score and parameter is identical after loading`, () => {
      original.fit(ts);
      const { algo, meta: loaded } = readModel(writeModel(original, meta), construct);
      assert.equal(algo.name, original.name);
      assert.deepEqual(algo.params, original.params);
      assert.deepEqual(loaded, { ...meta, formatVersion: FORMAT_VERSION, algorithm: original.name, params: original.params });
      const users = [...ts.rawUserIds, 99999];
      const items = [...ts.rawItemIds, 99999];
      for (const uid of users) {
        for (const iid of items) assert.deepEqual(algo.predict(uid, iid, 3), original.predict(uid, iid, 3));
      }
      assert.deepEqual(new TopNRanker(algo).rank(4, 10), new TopNRanker(original).rank(4, 10));
      const loadedTs = algo.getTrainset();
      assert.deepEqual(loadedTs.ir, ts.ir);
      assert.deepEqual(loadedTs.ratingScale, ts.ratingScale);
      assert.equal(loadedTs.globalMean, ts.globalMean);
    });
  }

  test('the file is deterministic apart from what the caller passes', () => {
    const svd = new SVD({ n_factors: 3, n_epochs: 2 }).fit(ts);
    assert.deepEqual(writeModel(svd, meta), writeModel(svd, meta));
  });
});

describe('model file rejection', () => {
  const good = writeModel(new SVD({ n_factors: 3, n_epochs: 2 }).fit(ts), meta);

  test('a flipped byte anywhere fails the checksum', () => {
    for (const at of [40, Math.floor(good.length / 2), good.length - 40, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at] ^= 0x01;
      rejects(bad, 'checksum-mismatch', /checksum/);
    }
  });

  test('a truncated file says so', () => {
    for (const length of [0, 3, 20, 100, good.length - 1]) {
      rejects(good.subarray(0, length), 'truncated', /truncated/);
    }
  });

  test('bytes after the end are refused', () => {
    rejects(Buffer.concat([good, Buffer.alloc(8)]), 'malformed', /after its end/);
  });

  test('another file type or another format version is refused by name', () => {
    rejects(Buffer.from('{"model": "not one of ours"}'.padEnd(200)), 'bad-magic', /not a Marquee model file/);
    const newer = Buffer.from(good);
    newer.writeUInt16LE(FORMAT_VERSION + 1, 4);
    rejects(newer, 'unsupported-version', new RegExp(`version ${FORMAT_VERSION + 1} is not supported`));
  });

  test('an algorithm the registry does not know, or arrays that do not fit it, are refused', () => {
    assert.throws(
      () => readModel(good, () => { throw new Error('no such algorithm'); }),
      (error: unknown) => error instanceof ModelFileError && error.code === 'unknown-algorithm' && /SVD/.test(error.message),
    );
    assert.throws(
      () => readModel(good, () => new NMF()),
      (error: unknown) => error instanceof ModelFileError && error.code === 'unknown-algorithm',
    );
    // The registry ignores the stored n_factors = 3: the factor arrays no longer fit.
    assert.throws(
      () => readModel(good, () => new SVD({ n_factors: 5 })),
      (error: unknown) => error instanceof ModelFileError && error.code === 'malformed' && /pu|qi/.test(error.message),
    );
  });

  test('an unfitted algorithm cannot be written', () => {
    assert.throws(() => writeModel(new SVD(), meta), /not fitted/);
  });
});
