import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineSplitter } from '../../../src/data/movielens/line-splitter.ts';
import { RatingBlockParser } from '../../../src/data/movielens/rating-block-parser.ts';
import { csvRatingLayout, ML100K_RATINGS, ML1M_RATINGS, RatingLineParser, type RatingLayout } from '../../../src/data/movielens/rating-line.ts';
import { RatingArraysBuilder } from '../../../src/data/rating-arrays-builder.ts';

type Outcome = { rows: number[][] } | { error: string };

/** The reference: every line through LineSplitter and RatingLineParser, as the import reads them. */
function lineByLine(layout: RatingLayout, text: string): Outcome {
  const parser = new RatingLineParser(layout);
  const rows: number[][] = [];
  const splitter = new LineSplitter('f');
  try {
    const onLine = (buf: Buffer, start: number, end: number, line: number) => {
      if (start === end) return;
      const problem = parser.parse(buf, start, end);
      if (problem !== undefined) throw new Error(`f:${line}: ${problem}`);
      rows.push([parser.userId, parser.movieId, parser.rating, parser.timestamp * 1000]);
    };
    splitter.push(Buffer.from(text, 'latin1'), onLine);
    splitter.end(onLine);
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { rows };
}

/** The block parser, fed `text` cut into two chunks at `cut`, joined the way readRatingsFile joins them. */
function inBlocks(layout: RatingLayout, text: string, cut: number): Outcome {
  const builder = new RatingArraysBuilder(4);
  const parser = new RatingBlockParser('f', layout, builder);
  const bytes = Buffer.from(text, 'latin1');
  try {
    const first = bytes.subarray(0, cut);
    const rest = parser.parse(first);
    parser.parseLast(Buffer.concat([first.subarray(rest), bytes.subarray(cut)]));
  } catch (error) {
    return { error: (error as Error).message };
  }
  const data = builder.build();
  return { rows: Array.from(data.ratings, (rating, k) => [data.userIds[k], data.itemIds[k], rating, data.timestamps?.[k] ?? NaN]) };
}

function assertSameAsLineByLine(layout: RatingLayout, text: string): void {
  const expected = lineByLine(layout, text);
  for (let cut = 0; cut <= text.length; cut++) {
    assert.deepEqual(inBlocks(layout, text, cut), expected, `${JSON.stringify(text)} cut at ${cut}`);
  }
}

const csv = csvRatingLayout('userId,movieId,rating,timestamp') as RatingLayout;

describe('RatingBlockParser', () => {
  test('reads plain lines of the three layouts, cut anywhere, with or without a final newline', () => {
    assertSameAsLineByLine(ML100K_RATINGS, '196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n');
    assertSameAsLineByLine(ML100K_RATINGS, '196\t242\t3\t881250949\n186\t302\t3\t891717742');
    assertSameAsLineByLine(ML1M_RATINGS, '1::1193::5::978300760\n1::661::3::978302109\n');
    assertSameAsLineByLine(csv, '1,1,4.0,964982703\n1,3,4.5,964981247\n2,6,0.5,964982224\n3,7,5,0\n');
  });

  test('lines the fast loop leaves to RatingLineParser read the same: CRLF, empty lines, other spellings', () => {
    assertSameAsLineByLine(csv, '1,1,4.0,1\r\n\r\n2,2,4.50,2\r\n\n3,3,04,3\r\n5,5,4.,5\n4,4,2.5,4\r');
    assertSameAsLineByLine(csv, '0000000000000000001,1,4,1\n');
    assertSameAsLineByLine(ML1M_RATINGS, '1::2::3::4\n\n5::6::3.0::7\n');
  });

  test('bad lines fail with the line number and RatingLineParser\'s reason', () => {
    const bad = [
      '1,1,6.0,1',
      '1,1,5.5,1',
      '1,1,0,1',
      '1,1,4.25,1',
      '0,1,4,1',
      '1,2147483648,4,1',
      '1,1,4,12.5',
      '1,1,4,',
      '1,1,4',
      '1,1,4,1,9',
      '1,1,4,1234567890123456',
    ];
    for (const line of bad) {
      const text = `1,1,4.0,1\n${line}\n2,2,3.5,2\n`;
      const expected = lineByLine(csv, text);
      assert.ok('error' in expected && expected.error.startsWith('f:2: '), line);
      assertSameAsLineByLine(csv, text);
    }
    assertSameAsLineByLine(ML1M_RATINGS, '1::2::3::4\n1:1193::5::978300760\n');
    assertSameAsLineByLine(ML100K_RATINGS, '1\t2\t3\t4\n1\t2\t3\n');
  });

  test('a CSV with its columns in another order or with more columns reads the same', () => {
    const swapped = csvRatingLayout('movieId,userId,timestamp,rating') as RatingLayout;
    assertSameAsLineByLine(swapped, '31,1,1260759144,2.5\n32,1,1260759145,4\n');
    const wider = csvRatingLayout('userId,movieId,rating,timestamp,source') as RatingLayout;
    assertSameAsLineByLine(wider, '1,31,2.5,1260759144,web\n1,32,4,1260759145,app\n');
  });
});
