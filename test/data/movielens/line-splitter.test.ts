import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidLineError } from '../../../src/data/movielens/errors.ts';
import { LineSplitter } from '../../../src/data/movielens/line-splitter.ts';

function split(chunks: string[]): [string, number][] {
  const out: [string, number][] = [];
  const splitter = new LineSplitter('f');
  const onLine = (buf: Buffer, s: number, e: number, line: number) => out.push([buf.toString('utf8', s, e), line]);
  for (const c of chunks) splitter.push(Buffer.from(c), onLine);
  splitter.end(onLine);
  return out;
}

test('lines are the same wherever the chunks are cut, CRLF included', () => {
  const text = 'a,b\r\n1,2\r\n\r\nlong line here\nlast';
  const expected: [string, number][] = [['a,b', 1], ['1,2', 2], ['', 3], ['long line here', 4], ['last', 5]];
  assert.deepEqual(split([text]), expected);
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(split([text.slice(0, cut), text.slice(cut)]), expected, `cut ${cut}`);
  assert.deepEqual(split(text.split('')), expected);
});

test('a final newline does not make an extra line', () => {
  assert.deepEqual(split(['x\ny\n']), [['x', 1], ['y', 2]]);
});

test('a line longer than a megabyte is refused with its number', () => {
  const splitter = new LineSplitter('big.csv');
  splitter.push(Buffer.from('ok\n'), () => {});
  assert.throws(
    () => splitter.push(Buffer.alloc((1 << 20) + 1, 0x41), () => {}),
    (e: unknown) => e instanceof InvalidLineError && e.message.startsWith('big.csv:2: line longer than'),
  );
});
