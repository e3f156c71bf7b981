/**
 * Generated requests that are all wrong, each in one way a client or a scanner gets it wrong: values
 * of the wrong type, out-of-range and huge numbers, SQL and HTML where numbers belong, unknown
 * properties, deep JSON, bodies over the limit, bytes that are not UTF-8, other media types,
 * malformed JSON, and paths and methods no route has. The only right answer to each is a 4xx.
 * Seeded: the same seed generates the same requests.
 */
import { Random } from '../../../src/engine/random.ts';

export interface BadRequest {
  /** What is wrong, for the failure message. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const SQL = ["1; DROP TABLE ratings; --", "' OR '1'='1", '1 UNION SELECT * FROM movies', "'); DELETE FROM movies; --", '$1::int'];
const HTML = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '&lt;&#x3C;'];
const NUMBERS = [-1, 0, -2147483648, 2147483648, 2 ** 53 + 2, 1e308, -1e308, 1.5, 0.1, 1e-300];
const NOT_NUMBERS: unknown[] = [null, true, false, [], {}, [1], { $gt: 0 }, '1', '', '1e3', 'NaN', 'Infinity', '0x10', ...SQL, ...HTML];
const BAD_UTF8 = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80]].map((b) => Buffer.from(b));
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const WORDS = ['x', 'admin', '..', '%2e%2e', 'etc', 'passwd', 'wp-login.php', '.env', 'api', 'v1', '%00', 'index.html', '~root', '%ZZ', "'", '<b>'];

const json = { 'content-type': 'application/json' };

export function badRequests(count: number, options: { apiKey: string; seed?: number }): BadRequest[] {
  const rng = new Random(options.seed ?? 1);
  const pick = <T>(values: readonly T[]): T => values[rng.int(values.length)];
  const auth = { authorization: `Bearer ${options.apiKey}` };
  const badValue = (): unknown => (rng.next() < 0.4 ? pick(NUMBERS.filter((n) => n < 1 || n > 2147483647 || !Number.isInteger(n))) : pick(NOT_NUMBERS));
  const post = (kind: string, path: string, body: unknown, headers: Record<string, string> = {}): BadRequest => ({
    kind,
    method: 'POST',
    path,
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });

  const badId = () => encodeURIComponent(pick(['0', '-1', '1.5', '2147483648', '1e400', 'abc', 'null', 'true', '[1]', ...SQL, ...HTML]));
  // [weight, maker]: a huge body costs the most, so it comes up about one request in a hundred.
  const makers: [number, () => BadRequest][] = (
    [
    // Predictions: one field wrong, or an unknown one.
    () => post('predict: bad user_id', '/predict', { user_id: badValue() }),
    () => post('predict: bad top_n', '/predict', { user_id: 1, top_n: pick([0, 101, -5, 1e9, '10', null, 2.5, ...SQL]) }),
    () => post('predict: bad exclude_seen', '/predict', { user_id: 1, exclude_seen: pick(['true', 1, 0, null, 'yes', ...HTML]) }),
    () => post('predict: bad genres', '/predict', { user_id: 1, genres: pick([[], 'Comedy', [1], [''], ['a\u0000b'], ['x'.repeat(65)], Array(21).fill('Drama'), [null]]) }),
    () => post('predict: unknown property', '/predict', { user_id: 1, [pick([...SQL, ...HTML, '__proto__x', 'constructor'])]: 1 }),
    () => post('predict batch: bad user_ids', '/predict/batch', { user_ids: pick([[], [badValue()], Array(1001).fill(1), 'all', null, [[1]]]) }),
    // Writes, with the key, so validation is what refuses them.
    () => post('ratings: bad rating', '/ratings', { user_id: 1, movie_id: 1, rating: pick([0, 0.3, 5.5, 6, -1, '4', null, 1e308, ...SQL]) }, auth),
    () => post('ratings: bad ids', '/ratings', { user_id: badValue(), movie_id: badValue(), rating: 4 }, auth),
    () => post('ratings: bad timestamp', '/ratings', { user_id: 1, movie_id: 1, rating: 4, timestamp: pick([-1, 1e20, '2020-01-01', 1.5, ...HTML]) }, auth),
    () => post('ratings: unknown movie', '/ratings', { user_id: 1, movie_id: 1_000_000 + rng.int(1_000_000), rating: 3 }, auth),
    () => post('ratings: same pair twice', '/ratings', [{ user_id: 5, movie_id: 1, rating: 3 }, { user_id: 5, movie_id: 1, rating: 4 }], auth),
    () => post('ratings: missing field', '/ratings', pick([{}, { user_id: 1 }, { movie_id: 1, rating: 4 }, [], [{}]]), auth),
    () => ({ kind: 'ratings: no key', method: 'POST', path: '/ratings', headers: json, body: JSON.stringify({ user_id: 1, movie_id: 1, rating: 4 }) }),
    () => ({
      kind: 'generate: bad query',
      method: 'POST',
      path: `/generate-ratings?${pick(['batch_size=0', 'batch_size=100001', 'batch_size=-3', 'drift=2', 'drift=-1', 'seed=-1', 'seed=1e99', `batch_size=${encodeURIComponent(pick(SQL))}`, 'x=1'])}`,
      headers: auth,
    }),
    // Reads with bad parameters.
    () => ({ kind: 'movie: bad id', method: 'GET', path: `/movies/${badId()}`, headers: {} }),
    () => ({ kind: 'similar: bad id', method: 'GET', path: `/movies/${badId()}/similar`, headers: {} }),
    () => ({ kind: 'user ratings: bad id', method: 'GET', path: `/users/${badId()}/ratings`, headers: {} }),
    () => ({ kind: 'similar: bad n', method: 'GET', path: `/movies/1/similar?n=${encodeURIComponent(String(pick([0, 101, -1, 1e9, 'ten', ...SQL])))}`, headers: {} }),
    () => ({ kind: 'user ratings: bad paging', method: 'GET', path: `/users/1/ratings?${pick(['limit=0', 'limit=1001', 'offset=-1', 'limit=x', 'offset=1e12', 'page=2'])}`, headers: {} }),
    () => ({ kind: 'movies: bad search', method: 'GET', path: `/movies?${pick(['limit=0', 'limit=101', 'search=', `search=${'x'.repeat(201)}`, 'search=%00', 'genre=a%00', 'order=title'])}`, headers: {} }),
    () => ({ kind: 'drift: bad window', method: 'GET', path: `/monitoring/drift?${pick(['days=0', 'last=0', 'days=x', 'days=1&last=1', 'window=7'])}`, headers: auth }),
    // Tracking writes with bodies MLflow refuses.
    () => post('tracking: bad run', '/mlflow/api/2.0/mlflow/runs/create', { experiment_id: pick([null, [], {}, 5]), start_time: 'now' }, auth),
    () => post('tracking: bad metric', '/mlflow/api/2.0/mlflow/runs/log-metric', { run_id: pick(SQL), key: 'k', value: 'high', timestamp: 1 }, auth),
    // Bodies that are not JSON, not UTF-8, too deep or too large.
    () => ({ kind: 'deep JSON', method: 'POST', path: '/predict', headers: json, body: deepJson(1000 + rng.int(50_000), rng) }),
    [0.3, () => ({ kind: 'huge body', method: 'POST', path: pick(['/predict', '/ratings', '/predict/batch']), headers: { ...json, ...auth }, body: `{"user_id":1,"pad":"${'x'.repeat(1024 * 1024 + rng.int(1024 * 1024))}"}` })],
    () => ({ kind: 'bad UTF-8 body', method: 'POST', path: '/predict', headers: json, body: Buffer.concat([Buffer.from('{"user_id":1,"genres":["'), pick(BAD_UTF8), Buffer.from('"]}')]) }),
    () => ({ kind: 'bad UTF-8 in a path parameter', method: 'GET', path: `/movies/${pick(['%FF', '%C3%28', '%E2%82', '%C0%AF', '%ED%A0%80'])}`, headers: {} }),
    () => ({ kind: 'malformed JSON', method: 'POST', path: pick(['/predict', '/predict/batch']), headers: json, body: pick(['{"user_id":1', '{user_id:1}', "{'user_id':1}", '{"user_id":1,}', '[1,2', '"', 'nul', '{"user_id":01}', '']) }),
    () => ({ kind: 'other media type', method: 'POST', path: '/predict', headers: { 'content-type': pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'image/png']) }, body: 'user_id=1' }),
    // Paths and methods no route has.
    () => ({ kind: 'random path', method: pick(METHODS), path: `/zz-${Array.from({ length: 1 + rng.int(5) }, () => pick(WORDS)).join('/')}${rng.next() < 0.3 ? `?q=${encodeURIComponent(pick([...SQL, ...HTML]))}` : ''}`, headers: {} }),
    () => ({ kind: 'wrong method', method: pick(['PUT', 'DELETE', 'PATCH']), path: pick(['/predict', '/movies', '/movies/1', '/ratings', '/stats', '/health']), headers: json, body: '{}' }),
    () => ({ kind: 'overlong URL', method: 'GET', path: `/movies?search=${'a'.repeat(20_000 + rng.int(20_000))}`, headers: {} }),
    ] as ((() => BadRequest) | [number, () => BadRequest])[]
  ).map((m) => (typeof m === 'function' ? [1, m] : m));

  const total = makers.reduce((s, [w]) => s + w, 0);
  const out: BadRequest[] = [];
  for (let n = 0; n < count; n++) {
    let target = rng.next() * total;
    let k = 0;
    while ((target -= makers[k][0]) > 0 && k < makers.length - 1) k++;
    out.push(makers[k][1]());
  }
  return out;
}

/** `[[[...]]]` or `{"a":{"a":...}}`, `depth` levels deep. */
function deepJson(depth: number, rng: Random): string {
  return rng.next() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"user_id":'.repeat(depth) + '1' + '}'.repeat(depth);
}
