import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { before, test } from 'node:test';
import { CopyBinaryWriter } from '../../../src/data/db/copy-binary-writer.ts';
import type { Database } from '../../../src/data/db/database.ts';
import { binaryBlobs } from '../../../src/data/db/pglite/binary-blobs.ts';
import { forEachDatabase } from '../../support/databases.ts';

/** Every half step, and instants around both epochs (1970 for Unix, 2000 for PostgreSQL). */
const rows: [number, number, number, number][] = [];
const instants = [0, 1, 828_124_615, 946_684_799, 946_684_800, 946_684_801, 964_982_703, 1_537_799_250, 4_102_444_800];
for (let twice = 1; twice <= 10; twice++) {
  for (const seconds of instants) rows.push([rows.length + 1, 2_147_483_647 - rows.length, twice, seconds]);
}
const source = Buffer.from('movielens');

function binaryCopy(): Buffer[] {
  const w = new CopyBinaryWriter();
  for (const [id, other, twice, seconds] of rows) {
    w.row(5, 64).int4(id).int4(other).halfSteps(twice).timestampSeconds(seconds).bytes(source);
  }
  return w.take(true);
}

forEachDatabase('binary COPY', (open) => {
  let db: Database;
  before(async () => {
    db = await open({ migrate: false });
    await db.exec('CREATE TABLE b (id int, other int, rating numeric(2,1), at timestamptz, source text)');
  });

  test('ratings written in the binary format read back exactly: numerics, timestamps either side of 2000', async () => {
    const loaded = await db.copyFrom('b', ['id', 'other', 'rating', 'at', 'source'], Readable.from(binaryCopy()), { format: 'binary' });
    assert.equal(loaded, rows.length);
    const { rows: back } = await db.query<{ id: number; other: number; rating: string; at: Date; source: string }>(
      'SELECT id, other, rating::text AS rating, at, source FROM b ORDER BY id',
    );
    assert.deepEqual(
      back.map((r) => [r.id, r.other, r.rating, r.at.getTime() / 1000, r.source]),
      rows.map(([id, other, twice, seconds]) => [id, other, (twice / 2).toFixed(1), seconds, 'movielens']),
    );
  });
});

test('binaryBlobs cuts a binary COPY stream at row boundaries into complete COPY documents', async () => {
  const whole = Buffer.concat(binaryCopy());
  const header = whole.subarray(0, 19);
  const body = whole.subarray(19, whole.length - 2);
  // Small pieces and a small limit: rows straddle pieces, and there are many blobs.
  const pieces = Array.from({ length: Math.ceil(whole.length / 7) }, (_, k) => whole.subarray(k * 7, k * 7 + 7));
  const blobs: Buffer[] = [];
  for await (const blob of binaryBlobs(Readable.from(pieces), 200)) blobs.push(blob);
  assert.ok(blobs.length > 5);
  for (const blob of blobs) {
    assert.deepEqual(blob.subarray(0, 19), header);
    assert.deepEqual(blob.subarray(blob.length - 2), Buffer.from([0xff, 0xff]));
  }
  assert.deepEqual(Buffer.concat(blobs.map((b) => b.subarray(19, b.length - 2))), body);
});
