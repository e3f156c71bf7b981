import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planListen, UnsafeListenAddressError } from '../../src/api/listen-address.ts';

test('without a key the server stays on a loopback address and says so', () => {
  for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
    const plan = planListen(host, undefined);
    assert.equal(plan.host, host);
    assert.match(plan.notice, new RegExp(`no MARQUEE_API_KEY set: listening on ${host.replace(/\./g, '\\.')} only`));
  }
});

test('without a key any other address is refused, naming HOST and the way out', () => {
  for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org', '127.0.0.1.example.org']) {
    assert.throws(
      () => planListen(host, undefined),
      (error: unknown) =>
        error instanceof UnsafeListenAddressError &&
        error.message.includes(`HOST=${host}`) &&
        error.message.includes('MARQUEE_API_KEY'),
      host,
    );
  }
});

test('with a key every address is allowed', () => {
  assert.deepEqual(planListen('0.0.0.0', 'k'), {
    host: '0.0.0.0',
    notice: 'write routes require Authorization: Bearer <MARQUEE_API_KEY>',
  });
});
