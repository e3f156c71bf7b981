import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvRatingLayout, ML100K_RATINGS, ML1M_RATINGS, RatingLineParser } from '../../../src/data/movielens/rating-line.ts';
import type { RatingLayout } from '../../../src/data/movielens/rating-line.ts';

function parse(layout: RatingLayout, line: string) {
  const parser = new RatingLineParser(layout);
  const buf = Buffer.from(line, 'latin1');
  const problem = parser.parse(buf, 0, buf.length);
  return problem ?? { userId: parser.userId, movieId: parser.movieId, rating: parser.rating, timestamp: parser.timestamp };
}

const csv = csvRatingLayout('userId,movieId,rating,timestamp') as RatingLayout;

describe('RatingLineParser', () => {
  test('reads the three MovieLens layouts', () => {
    const expected = { userId: 1, movieId: 31, rating: 2.5, timestamp: 1260759144 };
    assert.deepEqual(parse(csv, '1,31,2.5,1260759144'), expected);
    assert.deepEqual(parse(ML100K_RATINGS, '196\t242\t3\t881250949'), { userId: 196, movieId: 242, rating: 3, timestamp: 881250949 });
    assert.deepEqual(parse(ML1M_RATINGS, '1::1193::5::978300760'), { userId: 1, movieId: 1193, rating: 5, timestamp: 978300760 });
  });

  test('accepts every half star from 0.5 to 5.0, however written', () => {
    for (let twice = 1; twice <= 10; twice++) {
      for (const text of [String(twice / 2), (twice / 2).toFixed(1), (twice / 2).toFixed(2)]) {
        assert.deepEqual(parse(csv, `1,1,${text},0`), { userId: 1, movieId: 1, rating: twice / 2, timestamp: 0 });
      }
    }
  });

  test('rejects ratings off the half-star scale, naming the value', () => {
    for (const bad of ['6.0', '5.5', '0', '0.0', '4.25', 'abc', '', '-1', '4.5.1', '1e1', ' 4']) {
      assert.match(String(parse(csv, `1,1,${bad},0`)), /^rating must be a number from 0\.5 to 5\.0 in steps of 0\.5, got /, bad);
    }
    assert.equal(parse(csv, '1,1,6.0,0'), 'rating must be a number from 0.5 to 5.0 in steps of 0.5, got "6.0"');
  });

  test('rejects ids that are not positive 32-bit integers and timestamps that are not integers', () => {
    assert.match(String(parse(csv, '0,1,4,0')), /^userId must be a positive integer/);
    assert.match(String(parse(csv, 'x,1,4,0')), /^userId .* got "x"/);
    assert.match(String(parse(csv, '1,2147483648,4,0')), /^movieId must be a positive integer/);
    assert.match(String(parse(csv, '1,1,4,12.5')), /^timestamp must be a whole number of seconds since 1970, got "12.5"/);
    assert.match(String(parse(csv, '1,1,4,')), /^timestamp must be/);
  });

  test('counts fields, so a truncated or overlong line is refused', () => {
    assert.equal(parse(csv, '1,31,2.5'), 'expected 4 fields separated by ",", found 3');
    assert.equal(parse(csv, '1,31,2.5,1,9'), 'expected 4 fields separated by ",", found 5');
    assert.equal(parse(ML1M_RATINGS, '1::1193::5'), 'expected 4 fields separated by "::", found 3');
    // A lone colon is not the ml-1m separator.
    assert.equal(parse(ML1M_RATINGS, '1:1193::5::978300760'), 'expected 4 fields separated by "::", found 3');
  });

  test('finds the columns of a CSV header in any order and names the missing ones', () => {
    const swapped = csvRatingLayout('\uFEFFmovieId,userId,timestamp,rating') as RatingLayout;
    assert.deepEqual(parse(swapped, '31,1,1260759144,2.5'), { userId: 1, movieId: 31, rating: 2.5, timestamp: 1260759144 });
    assert.match(String(csvRatingLayout('userId,movieId,timestamp')), /^missing column rating/);
    assert.match(String(csvRatingLayout('1,31,2.5,1260759144')), /^missing columns userId, movieId, rating, timestamp/);
  });
});
