import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createArtifactStore } from '../../src/artifacts/create-artifact-store.ts';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import { S3ArtifactStore } from '../../src/artifacts/s3/s3-store.ts';

test('without a bucket the local folder is chosen', async () => {
  const store = createArtifactStore({ artifactsDir: '/tmp/marquee-x/artifacts', s3: { prefix: 'ignored' } });
  assert.ok(store instanceof LocalArtifactStore);
  assert.equal(store.describe(), 'local folder /tmp/marquee-x/artifacts');
});

test('a bucket chooses S3 with the configured prefix', async () => {
  const store = createArtifactStore({
    artifactsDir: '/unused',
    s3: { bucket: 'models', prefix: 'marquee', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, accessKeyId: 'a', secretAccessKey: 'b' },
  });
  assert.ok(store instanceof S3ArtifactStore);
  assert.equal(store.describe(), 's3://models/marquee/');
  await store.close();
});

test('half-set credentials fail when the store is built', () => {
  assert.throws(
    () => createArtifactStore({ artifactsDir: '/unused', s3: { bucket: 'models', accessKeyId: 'only-the-id' } }),
    /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together/,
  );
});

test('an invalid S3 prefix fails when the store is built', () => {
  assert.throws(() => createArtifactStore({ artifactsDir: '/unused', s3: { bucket: 'models', prefix: '../up' } }), /invalid artifact key/);
});
