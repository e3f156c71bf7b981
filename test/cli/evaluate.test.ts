import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerEvaluateCommand } from '../../src/cli/commands/evaluate.command.ts';
import { syntheticRatings } from '../engine/model-selection/fixtures/synthetic-ratings.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
let dir = '';
let udata = '';
let csv = '';

/** The real CLI in a child process: exit codes and stdout as a user sees them. */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, 'evaluate', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The command in-process, as main.ts builds it, for the many argument errors: the message of
 * commander's own parse error (which main.ts turns into exit code 2) or of ours, which carry the
 * status 400 that main.ts turns into exit code 2.
 */
async function errorMessage(...args: string[]): Promise<string> {
  let stderr = '';
  const program = new Command('marquee').exitOverride().configureOutput({ writeErr: (text) => (stderr += text) });
  registerEvaluateCommand(program);
  try {
    await program.parseAsync(['evaluate', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return stderr;
    assert.equal((error as { status?: number }).status, 400, String(error));
    return (error as Error).message;
  }
  throw new Error(`evaluate ${args.join(' ')} did not fail`);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-evaluate-'));
  const data = syntheticRatings(80, 50, 12);
  const rows = Array.from(data.ratings, (r, k) => [data.userIds[k], data.itemIds[k], r, data.timestamps![k] / 1000]);
  udata = join(dir, 'u.data');
  writeFileSync(udata, rows.map((row) => row.join('\t')).join('\n') + '\n');
  csv = join(dir, 'ratings.csv');
  writeFileSync(csv, 'userId,movieId,rating,timestamp\r\n' + rows.map((row) => row.join(',')).join('\r\n') + '\r\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('marquee evaluate', () => {
  test('prints a table row per algorithm', () => {
    const { code, stdout, stderr } = run('--data', udata, '--algo', 'BaselineOnly,normalpredictor', '--folds', '3', '--jobs', '1');
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /^algorithm\s+folds\s+RMSE ± std\s+MAE ± std\s+fit s\s+test s\s+wall s\s+peak MB$/);
    assert.match(lines[1], /^BaselineOnly\s+3\s+\d\.\d{4} ± \d\.\d{4}\s+\d\.\d{4} ± \d\.\d{4}/);
    assert.match(lines[2], /^NormalPredictor\s+3\s/);
    assert.equal(lines.length, 3);
  });

  test('--json prints one object per algorithm with the documented keys, the same for jobs 1 and 2', () => {
    const args = ['--data', csv, '--algo', 'baselineonly,NormalPredictor', '--param', 'bsl_n_epochs=5', '--folds', '3', '--seed', '7', '--json'];
    const one = run(...args, '--jobs', '1');
    const two = run(...args, '--jobs', '2');
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    const parse = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line));
    const [baseline, normal] = parse(one.stdout);
    assert.deepEqual(Object.keys(baseline), [
      'algo', 'params', 'folds', 'rmse', 'rmse_std', 'mae', 'mae_std', 'fit_s', 'test_s', 'wall_s', 'peak_rss_mb', 'cpu_s',
    ]);
    assert.equal(baseline.algo, 'BaselineOnly');
    assert.equal(baseline.params.bsl_n_epochs, 5);
    assert.equal(baseline.folds, 3);
    assert.ok(baseline.rmse > 0.3 && baseline.rmse < 1.5 && baseline.peak_rss_mb > 10);
    // --seed is the random_state of algorithms that take one
    assert.equal(normal.params.random_state, 7);
    const measures = (rows: Record<string, unknown>[]) => rows.map(({ algo, rmse, rmse_std, mae, mae_std }) => ({ algo, rmse, rmse_std, mae, mae_std }));
    assert.deepEqual(measures(parse(two.stdout)), measures([baseline, normal]));
  });

  test('bad arguments exit with 2 and a message naming the option', () => {
    const { code, stdout, stderr } = run('--data', udata, '--algo', 'nosuchalgo');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /--algo: unknown algorithm "nosuchalgo" \(known: SVD,/);
  });

  test('each bad argument is named in its error', async () => {
    const cases: [string[], RegExp][] = [
      [['--algo', 'svd'], /required option '--data <path>' not specified/],
      [['--data', udata, '--algo', 'baselineonly', '--param', 'n_factors=3'], /--param n_factors=3: no chosen algorithm has a parameter "n_factors"/],
      [['--data', udata, '--algo', 'baselineonly', '--param', 'bsl_n_epochs=many'], /--param: BaselineOnly: parameter "bsl_n_epochs" must be a number/],
      [['--data', udata, '--algo', 'baselineonly', '--param', 'bsl_method=newton'], /--param: BaselineOnly: parameter "bsl_method" must be als or sgd/],
      [['--data', udata, '--algo', 'baselineonly', '--folds', '1'], /option '--folds <k>' argument '1' is invalid/],
      [['--data', udata, '--algo', 'baselineonly', '--jobs', '0'], /option '--jobs <n>' argument '0' is invalid/],
      [['--data', udata, '--algo', 'baselineonly', '--format', 'xml'], /option '--format <format>' argument 'xml' is invalid/],
      [['--data', udata, '--algo', 'baselineonly', '--measures', 'rmse,rsme'], /--measures: unknown measure 'rsme'/],
      [['--data', join(dir, 'missing.csv'), '--algo', 'baselineonly'], /--data: .*missing\.csv/],
    ];
    for (const [args, message] of cases) assert.match(await errorMessage(...args), message, args.join(' '));
  });

  test('a malformed ratings file is reported with its file and line, as bad input', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'userId,movieId,rating,timestamp\n1,2,4.0,100\n1,3,9,100\n');
    const program = new Command('marquee').exitOverride();
    registerEvaluateCommand(program);
    await assert.rejects(program.parseAsync(['evaluate', '--data', bad, '--algo', 'baselineonly'], { from: 'user' }), (error: Error & { status?: number }) => {
      assert.match(error.message, /bad\.csv:3: .*rating/);
      assert.equal(error.status, 422); // main.ts: a 4xx status exits with code 2
      return true;
    });
  });
});
