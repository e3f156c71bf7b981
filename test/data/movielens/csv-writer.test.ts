import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvWriter } from '../../../src/data/movielens/csv-writer.ts';

const written = (w: CsvWriter) => Buffer.concat(w.take(true)).toString();

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
