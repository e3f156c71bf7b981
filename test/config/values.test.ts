import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { readVariable, type SettingValue } from '../../src/config/setting.ts';
import { boolean, decimal, integer, json, oneOf, text, url } from '../../src/config/values.ts';

/** The value, or the message of the first problem. */
function read<T>(value: SettingValue<T>, input: unknown): T | string {
  const parsed = value.schema.safeParse(input);
  return parsed.success ? parsed.data : parsed.error.issues[0].message;
}

describe('setting values', () => {
  test('integer: digits (or a JSON number) in range, nothing else', () => {
    const port = integer(0, 65535);
    assert.equal(read(port, ' 8080 '), 8080);
    assert.equal(read(port, 9000), 9000);
    for (const bad of ['80.5', '1e3', '0x10', '-1', '70000', 'abc', true]) {
      assert.equal(read(port, bad), `expected an integer from 0 to 65535, got ${JSON.stringify(bad)}`);
    }
    assert.equal(port.accepts, 'integer 0–65,535');
  });

  test('decimal: a finite number inside the interval, which names it', () => {
    const probability = decimal({ above: 0, below: 1 });
    assert.equal(read(probability, '0.05'), 0.05);
    for (const bad of ['0', '1', 'NaN', 'Infinity', '', 'x']) assert.equal(read(probability, bad), `expected a number in (0, 1), got ${JSON.stringify(bad)}`);
    assert.equal(read(decimal({ above: 0, max: 1 }), '1'), 1);
    assert.equal(decimal({ above: 0, max: 1 }).accepts, 'number in (0, 1]');
    assert.equal(read(decimal({ min: 1 }), '0.99'), 'expected a number ≥ 1, got "0.99"');
    assert.equal(decimal().accepts, 'number');
  });

  test('boolean: true, false, 1 or 0 in any case; anything else is an error, not false', () => {
    assert.deepEqual(['TRUE', ' 1', 'false', '0', true].map((v) => read(boolean, v)), [true, true, false, false, true]);
    assert.equal(read(boolean, 'yes'), 'expected true, false, 1 or 0, got "yes"');
  });

  test('text, url and oneOf', () => {
    assert.equal(read(text, ' a '), 'a');
    assert.equal(read(url, ' http://db:5432/x '), 'http://db:5432/x');
    assert.equal(read(url, 'not a url'), 'expected a URL, got "not a url"');
    assert.equal(read(oneOf(['info', 'debug']), 'loud'), 'expected one of info, debug, got "loud"');
  });

  test('json: text is parsed, a value a file already parsed is checked as it is', () => {
    const list = json(z.array(z.number()), 'JSON array of numbers');
    assert.deepEqual(read(list, '[1, 2]'), [1, 2]);
    assert.deepEqual(read(list, [3]), [3]);
    assert.match(String(read(list, '[1,')), /^not valid JSON: /);
  });

  test('readVariable: blank is unset; the error names the variable and the place inside a JSON value', () => {
    const variables = { LIST: json(z.array(z.object({ n: z.number() })), 'list'), N: integer(1, 2) };
    const fail = (field: string, message: string) => new Error(`${field}: ${message}`);
    assert.equal(readVariable({ N: '  ' }, variables, 'N', fail), undefined);
    assert.equal(readVariable({}, variables, 'N', fail), undefined);
    assert.equal(readVariable({ N: '2' }, variables, 'N', fail), 2);
    assert.throws(() => readVariable({ LIST: '[{"n": 1}, {"n": "x"}]' }, variables, 'LIST', fail), /^Error: LIST\[1\]\.n: /);
  });
});
