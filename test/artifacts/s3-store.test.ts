import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { S3ArtifactStore } from '../../src/artifacts/s3/s3-store.ts';
import { ArtifactIntegrityError } from '../../src/artifacts/errors.ts';
import { artifactStoreCases } from './artifact-store.cases.ts';
import { startCuttingProxy } from './support/cutting-proxy.ts';
import { startS3Server, TEST_BUCKET, type S3TestServer } from './support/s3-server.ts';

// Each contract run gets its own key prefix, proving the prefix isolates stores in one bucket.
artifactStoreCases('S3 (s3rver on loopback)', async () => {
  const server = await startS3Server();
  const store = new S3ArtifactStore({ client: server.client(), bucket: TEST_BUCKET, prefix: 'contract' });
  return { store, cleanup: () => server.close() };
});

describe('S3 store faults', () => {
  let server: S3TestServer;
  before(async () => {
    server = await startS3Server();
  });
  after(() => server.close());

  test('a connection cut midway through the upload leaves no object under the key', async () => {
    const proxy = await startCuttingProxy(server.port, 4096);
    const cut = new S3ArtifactStore({
      client: server.client({ endpoint: `http://127.0.0.1:${proxy.port}`, maxAttempts: 2 }),
      bucket: TEST_BUCKET,
    });
    const direct = new S3ArtifactStore({ client: server.client(), bucket: TEST_BUCKET });
    try {
      await direct.put('cut/model.bin', Buffer.from('version 1'));
      await assert.rejects(cut.put('cut/model.bin', Buffer.alloc(256 * 1024, 7)), /writing "cut\/model.bin"/);
      await assert.rejects(cut.put('cut/new.bin', Buffer.alloc(256 * 1024, 7)));
      assert.equal((await direct.get('cut/model.bin')).toString(), 'version 1');
      assert.equal(await direct.exists('cut/new.bin'), false);
    } finally {
      await cut.close();
      await direct.close();
      await proxy.close();
    }
  });

  test('a stored object whose size differs from what was sent fails the write and is removed', async () => {
    const client = server.client();
    // Simulates a server that stored something else: HeadObject reports one byte more than sent.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'HeadObjectCommand') {
          const output = result.output as { ContentLength?: number };
          output.ContentLength = (output.ContentLength ?? 0) + 1;
        }
        return result;
      },
      { step: 'initialize', name: 'corruptHeadObject' },
    );
    const store = new S3ArtifactStore({ client, bucket: TEST_BUCKET });
    const reader = new S3ArtifactStore({ client: server.client(), bucket: TEST_BUCKET });
    try {
      await assert.rejects(store.put('verify/model.bin', Buffer.from('payload')), (e: unknown) => {
        assert.ok(e instanceof ArtifactIntegrityError);
        assert.match(e.message, /stored size 8 bytes, sent 7 bytes/);
        return true;
      });
      assert.equal(await reader.exists('verify/model.bin'), false);
    } finally {
      await store.close();
      await reader.close();
    }
  });

  test('a stored object whose MD5 differs from what was sent fails the write', async () => {
    const client = server.client();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'HeadObjectCommand') (result.output as { ETag?: string }).ETag = `"${'0'.repeat(32)}"`;
        return result;
      },
      { step: 'initialize', name: 'corruptEtag' },
    );
    const store = new S3ArtifactStore({ client, bucket: TEST_BUCKET });
    try {
      await assert.rejects(store.put('verify/etag.bin', Buffer.from('payload')), /stored MD5 0{32}, sent [0-9a-f]{32}/);
    } finally {
      await store.close();
    }
  });

  test('describe shows bucket and prefix', () => {
    const store = new S3ArtifactStore({ client: server.client(), bucket: TEST_BUCKET, prefix: 'models' });
    assert.equal(store.describe(), `s3://${TEST_BUCKET}/models/`);
  });
});
