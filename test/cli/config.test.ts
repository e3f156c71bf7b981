import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig, settings } from '../../src/config.ts';

describe('loadConfig', () => {
  test('defaults: embedded state under ./.marquee, bundled data, local server settings', () => {
    const config = loadConfig({});
    assert.equal(config.home, resolve('.marquee'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.pgliteDir, join(resolve('.marquee'), 'pgdata'));
    assert.equal(config.artifactsDir, join(resolve('.marquee'), 'artifacts'));
    assert.equal(config.port, 8000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.s3.region, 'us-east-1');
    assert.equal(config.s3.forcePathStyle, false);
    assert.equal(config.logLevel, 'info');
    assert.match(config.dataDir, /data[/\\]ml-latest-small$/);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.s3));
  });

  test('reads every variable and parses numbers and booleans strictly', () => {
    const config = loadConfig({ MARQUEE_HOME: '/srv/mq', PORT: '9000', S3_FORCE_PATH_STYLE: 'true', DATABASE_URL: 'postgres://db/x', ARTIFACTS_DIR: '/a' });
    assert.equal(config.home, '/srv/mq');
    assert.equal(config.port, 9000);
    assert.equal(config.s3.forcePathStyle, true);
    assert.equal(config.databaseUrl, 'postgres://db/x');
    assert.equal(config.artifactsDir, '/a');
    assert.equal(loadConfig({ S3_FORCE_PATH_STYLE: '0' }).s3.forcePathStyle, false);
  });

  test('a bad value names the variable and what it expects', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /PORT: expected an integer from 0 to 65535, got "abc"/],
      [{ PORT: '80.5' }, /PORT: expected an integer/],
      [{ PORT: '70000' }, /PORT: expected an integer/],
      [{ S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE: expected true, false, 1 or 0, got "yes"/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: /],
      [{ DATABASE_URL: 'not a url' }, /DATABASE_URL: expected a URL/],
    ];
    for (const [env, message] of cases) assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
  });

  test('reads a JSON file named by MARQUEE_CONFIG; the environment wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 9100, HOST: '0.0.0.0', S3_FORCE_PATH_STYLE: true }));
    const config = loadConfig({ MARQUEE_CONFIG: file, HOST: '::1' });
    assert.equal(config.port, 9100);
    assert.equal(config.host, '::1');
    assert.equal(config.s3.forcePathStyle, true);
    writeFileSync(file, JSON.stringify({ PROT: 1 }));
    assert.throws(() => loadConfig({ MARQUEE_CONFIG: file }), /unknown variable\(s\) PROT/);
    writeFileSync(file, '{ nope');
    assert.throws(() => loadConfig({ MARQUEE_CONFIG: file }), /MARQUEE_CONFIG: cannot read JSON config file/);
  });

  test('an empty or blank value counts as unset, in the environment and in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ S3_PREFIX: '', PORT: 9100 }));
    const config = loadConfig({ MARQUEE_CONFIG: file, HOST: '  ', PORT: '', S3_FORCE_PATH_STYLE: ' ' });
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 9100);
    assert.equal(config.s3.prefix, '');
    assert.equal(config.s3.forcePathStyle, false);
  });

  test('every variable is described in the settings table', () => {
    for (const [name, s] of Object.entries(settings)) assert.ok(s.description.length > 10, name);
    assert.ok('MLFLOW_TRACKING_URI' in settings && 'MARQUEE_API_KEY' in settings && 'S3_ENDPOINT' in settings);
  });

  test('half of the HTTP Basic pair is refused, in the same list as every other bad variable', () => {
    assert.throws(() => loadConfig({ MLFLOW_TRACKING_USERNAME: 'admin' }), (error: ConfigError) => {
      assert.match(error.message, /^ {2}MLFLOW_TRACKING_PASSWORD: required with MLFLOW_TRACKING_USERNAME \(HTTP Basic needs both\)$/m);
      return true;
    });
    assert.throws(() => loadConfig({ PORT: 'eighty', MLFLOW_TRACKING_PASSWORD: 'secret' }), (error: ConfigError) => {
      assert.match(error.message, /^ {2}PORT: /m);
      assert.match(error.message, /^ {2}MLFLOW_TRACKING_USERNAME: required with MLFLOW_TRACKING_PASSWORD/m);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
  });
});
