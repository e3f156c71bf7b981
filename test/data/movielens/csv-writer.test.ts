import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvWriter } from '../../../src/data/movielens/csv-writer.ts';

const written = (w: CsvWriter) => Buffer.concat(w.take(true)).toString();

test('utcTimestamp writes the same instant as Date, across eras, leap days and the end of days', () => {
  const seconds = [0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 964_982_703, 1_537_799_250, 4_102_444_799, 253_402_300_799];
  for (let k = 0; k < 2000; k++) seconds.push(Math.floor(((k * 2_654_435_761) % 4_000_000_000) + k));
  const w = new CsvWriter();
  for (const s of seconds) w.utcTimestamp(s).endRow();
  const lines = written(w).trimEnd().split('\n');
  seconds.forEach((s, k) => assert.equal(lines[k], new Date(s * 1000).toISOString().replace('T', ' ').replace('.000Z', '+00'), String(s)));
});

test('text fields are quoted only when needed; undefined is NULL; output spans buffers intact', () => {
  const w = new CsvWriter();
  w.text('plain').comma().text('a, b').comma().text('say "hi"').comma().text('').comma().text(undefined).comma().text('two\nlines').endRow();
  assert.equal(written(w), 'plain,"a, b","say ""hi""","",,"two\nlines"\n');
  const big = new CsvWriter();
  const row = 'x'.repeat(100);
  for (let k = 0; k < 20_000; k++) big.int(k).comma().text(row).endRow();
  const chunks = big.take(true);
  assert.ok(chunks.length > 1);
  const lines = Buffer.concat(chunks).toString().trimEnd().split('\n');
  assert.equal(lines.length, 20_000);
  assert.equal(lines[12_345], `12345,${row}`);
});
