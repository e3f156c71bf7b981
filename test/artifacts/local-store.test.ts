import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import { artifactStoreCases, failingStream } from './artifact-store.cases.ts';

artifactStoreCases('local folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'marquee-artifacts-'));
  return { store: new LocalArtifactStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

test('local store: a failed write leaves no temporary file behind in the folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'marquee-artifacts-'));
  try {
    const store = new LocalArtifactStore(root);
    await store.put('models/kept.bin', Buffer.from('ok'));
    await assert.rejects(store.put('models/broken.bin', failingStream(Buffer.alloc(1024))), /failed midway/);
    assert.deepEqual(await readdir(join(root, 'models')), ['kept.bin']);
    assert.match(store.describe(), /local folder/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('local store: a list prefix pointing into a file is empty, not an error', async () => {
  const root = await mkdtemp(join(tmpdir(), 'marquee-artifacts-'));
  try {
    const store = new LocalArtifactStore(root);
    await store.put('file.txt', Buffer.from('x'));
    assert.deepEqual(await store.list('file.txt/inner'), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
