/**
 * The contract every ArtifactStore adapter must meet. Each adapter's test file builds its store
 * and calls `artifactStoreCases`; nothing here knows which adapter it is talking to.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { ArtifactStore } from '../../src/artifacts/artifact-store.ts';
import { ArtifactKeyError, ArtifactNotFoundError } from '../../src/artifacts/errors.ts';

export interface StoreFixture {
  store: ArtifactStore;
  cleanup(): Promise<void>;
}

/** A stream that yields `good` bytes, then fails: an upload that breaks midway. */
export function failingStream(good: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(good);
      } else {
        this.destroy(new Error('source failed midway'));
      }
    },
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function artifactStoreCases(name: string, build: () => Promise<StoreFixture>): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: ArtifactStore;
    before(async () => {
      fixture = await build();
      store = fixture.store;
    });
    after(async () => {
      await store.close();
      await fixture.cleanup();
    });

    test('put then get returns the same bytes, binary included', async () => {
      const bytes = Buffer.from([0, 255, 1, 254, 10, 13, 0x80]);
      await store.put('roundtrip/bytes.bin', bytes);
      assert.deepEqual(await store.get('roundtrip/bytes.bin'), bytes);
      assert.equal(await store.exists('roundtrip/bytes.bin'), true);
    });

    test('put accepts a stream and getStream streams it back', async () => {
      const parts = [Buffer.alloc(70_000, 'a'), Buffer.alloc(50_000, 'b')];
      await store.put('stream/model.bin', Readable.from(parts));
      assert.deepEqual(await readAll(await store.getStream('stream/model.bin')), Buffer.concat(parts));
    });

    test('put overwrites an existing object', async () => {
      await store.put('overwrite.txt', Buffer.from('first'));
      await store.put('overwrite.txt', Buffer.from('second version'));
      assert.equal((await store.get('overwrite.txt')).toString(), 'second version');
    });

    test('list returns every object under a prefix with size and modification time, sorted', async () => {
      const before = Date.now() - 5_000;
      await store.put('list/b.txt', Buffer.from('bb'));
      await store.put('list/a.txt', Buffer.from('a'));
      await store.put('list/sub/c.txt', Buffer.from('ccc'));
      await store.put('listing-elsewhere.txt', Buffer.from('x'));
      const infos = await store.list('list/');
      assert.deepEqual(
        infos.map((i) => [i.key, i.size]),
        [
          ['list/a.txt', 1],
          ['list/b.txt', 2],
          ['list/sub/c.txt', 3],
        ],
      );
      for (const info of infos) {
        assert.ok(info.modified instanceof Date);
        assert.ok(info.modified.getTime() >= before, `modified ${info.modified.toISOString()} is too old`);
      }
      // A plain string prefix, as in S3: 'list' also matches 'listing-elsewhere.txt'.
      assert.deepEqual(
        (await store.list('list')).map((i) => i.key),
        ['list/a.txt', 'list/b.txt', 'list/sub/c.txt', 'listing-elsewhere.txt'],
      );
      assert.deepEqual(await store.list('nothing-here/'), []);
    });

    test('delete removes the object and is idempotent', async () => {
      await store.put('delete/me.txt', Buffer.from('bye'));
      await store.delete('delete/me.txt');
      assert.equal(await store.exists('delete/me.txt'), false);
      await store.delete('delete/me.txt');
      assert.deepEqual(await store.list('delete/'), []);
    });

    test('a missing object is ArtifactNotFoundError on get and getStream, false on exists', async () => {
      await assert.rejects(store.get('missing/file.txt'), ArtifactNotFoundError);
      await assert.rejects(store.getStream('missing/file.txt'), ArtifactNotFoundError);
      assert.equal(await store.exists('missing/file.txt'), false);
      // A "folder" (a prefix of other keys) is not an object either.
      await store.put('missing/inner/file.txt', Buffer.from('x'));
      await assert.rejects(store.get('missing/inner'), ArtifactNotFoundError);
      assert.equal(await store.exists('missing/inner'), false);
    });

    test('unsafe keys are refused with the reason, before touching storage', async () => {
      const bad: [string, RegExp][] = [
        ['../escape.txt', /"\.\." segments/],
        ['a/../../b', /"\.\." segments/],
        ['/etc/passwd', /absolute/],
        ['a\\b.txt', /backslashes/],
        ['a//b.txt', /empty path segment/],
        ['', /empty/],
        ['folder/', /ends with "\/"/],
        ['spaces are odd.txt', /may only hold/],
        ['tmp/~hidden', /may only hold/],
      ];
      for (const [key, reason] of bad) {
        await assert.rejects(store.put(key, Buffer.from('x')), (e: unknown) => e instanceof ArtifactKeyError && reason.test(e.message), key);
        await assert.rejects(store.get(key), ArtifactKeyError, key);
      }
      await assert.rejects(store.list('../'), ArtifactKeyError);
    });

    test('an upload that fails midway leaves no object, and keeps the previous version intact', async () => {
      await assert.rejects(store.put('fault/new.bin', failingStream(Buffer.alloc(4096, 1))), /failed midway/);
      assert.equal(await store.exists('fault/new.bin'), false);

      await store.put('fault/kept.bin', Buffer.from('version 1'));
      await assert.rejects(store.put('fault/kept.bin', failingStream(Buffer.alloc(4096, 2))), /failed midway/);
      assert.equal((await store.get('fault/kept.bin')).toString(), 'version 1');
      // No temporary or partial object is visible either.
      assert.deepEqual(
        (await store.list('fault/')).map((i) => i.key),
        ['fault/kept.bin'],
      );
    });

    test('describe names the location', () => {
      assert.ok(store.describe().length > 0);
    });
  });
}
