/**
 * `marquee drift [--json] [--days N | --last N]`: one drift check of recent ratings against the
 * champion's training data, as `GET /monitoring/drift` runs it; the HTML report is saved to the
 * artifact store (reports/drift/<id>.html) and served by the API at the answer's report_url.
 *
 * Exit codes, so scripts can branch on the verdict without parsing it, and never mistake a failure
 * for one:
 *   0  no drift                    3  drift detected
 *   4  insufficient data (fewer current ratings than DRIFT_MIN_RATINGS; no verdict)
 *   1  failure, including "no champion yet"        2  bad arguments or configuration
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { DriftAnswer } from '../../monitoring/drift/drift-answer.ts';
import { DriftError } from '../../monitoring/drift/drift.errors.ts';
import { reportKey } from '../../monitoring/drift/drift-reports.ts';
import { driftWindow, MAX_WINDOW_DAYS, MAX_WINDOW_RATINGS } from '../../monitoring/drift/drift-window.ts';

export const DRIFT_EXIT = { noDrift: 0, failure: 1, usage: 2, drift: 3, insufficientData: 4 } as const;

interface DriftOptions {
  json?: boolean;
  days?: number;
  last?: number;
}

export function registerDriftCommand(program: Command): void {
  program
    .command('drift')
    .description("check recent ratings for drift against the champion's training data; exit 0 no drift, 3 drift, 4 too few ratings")
    .option('--json', 'print the answer as one JSON object')
    .addOption(new Option('--days <n>', 'current window: ratings of the last N days (default: every rating after the training data)').argParser(whole(MAX_WINDOW_DAYS)).conflicts('last'))
    .addOption(new Option('--last <n>', 'current window: the N most recent ratings').argParser(whole(MAX_WINDOW_RATINGS)))
    .action(async (options: DriftOptions) => {
      process.exitCode = await drift(options);
    });
}

async function drift(options: DriftOptions): Promise<number> {
  // Loaded here, not at the top: every other command (and --help) starts without them.
  const [{ createArtifactStore }, { loadConfig }, { openDatabase }, { createDriftService }, { loadDriftSettings }, { connectTracking, trackingSettings }, { loadTrainingSettings }] =
    await Promise.all([
      import('../../artifacts/create-artifact-store.ts'),
      import('../../config.ts'),
      import('../../data/db/open-database.ts'),
      import('../../monitoring/drift/create-drift-service.ts'),
      import('../../monitoring/drift/drift.config.ts'),
      import('../../pipeline/tracking-connection.ts'),
      import('../../pipeline/training.config.ts'),
    ]);
  // Configuration first: a bad value stops here (status 400, exit 2) before anything is opened.
  const config = loadConfig();
  const settings = loadDriftSettings();
  const { modelName } = await loadTrainingSettings();
  const window = driftWindow(options, { days: '--days', last: '--last' });

  const db = await openDatabase(config);
  const artifacts = createArtifactStore(config);
  try {
    const tracking = await connectTracking({ ...trackingSettings(config), db, artifacts });
    try {
      const service = createDriftService({ db, tracking: tracking.client, artifacts, modelName, settings });
      const answer = await service.check(window);
      console.log(options.json ? JSON.stringify(answer) : formatAnswer(answer, artifacts.describe()));
      if (answer.status === 'insufficient_data') return DRIFT_EXIT.insufficientData;
      return answer.drift_detected ? DRIFT_EXIT.drift : DRIFT_EXIT.noDrift;
    } finally {
      await tracking.close();
    }
  } catch (error) {
    // No champion is a state to fix, not a bad argument: exit 1, whatever its HTTP status.
    if (error instanceof DriftError && error.status === 409) {
      console.error(`marquee drift: ${error.message}`);
      return DRIFT_EXIT.failure;
    }
    throw error;
  } finally {
    await artifacts.close();
    await db.close();
  }
}

export function formatAnswer(answer: DriftAnswer, store: string): string {
  const { reference: ref, current: cur } = answer;
  const lines = [
    `reference  ${ref.model.name} v${ref.model.version}: ${ref.ratings.toLocaleString('en-US')} ratings, ${ref.period.from} to ${ref.period.to}`,
    `current    ${cur.window.description}: ${cur.ratings.toLocaleString('en-US')} ratings, ${cur.users} users, ${cur.movies} movies`,
  ];
  if (answer.status === 'insufficient_data') return [...lines, `insufficient data: ${answer.message}`].join('\n');
  const verdict = answer.drift_detected ? 'DRIFT DETECTED' : 'no drift';
  lines.push(`verdict    ${verdict} (${((answer.share_drifted ?? 0) * 100).toFixed(0)} % of features drifted; threshold ${(answer.thresholds.share * 100).toFixed(0)} %)`, '');
  lines.push(`${'feature'.padEnd(18)} ${'test'.padEnd(10)} ${'statistic'.padStart(10)} ${'p-value'.padStart(10)}  drifted  ${'psi'.padStart(8)}`);
  for (const f of answer.features) {
    const p = f.p_value === null ? '-' : f.p_value < 1e-4 ? f.p_value.toExponential(1) : f.p_value.toFixed(4);
    lines.push(`${f.feature.padEnd(18)} ${f.test.padEnd(10)} ${f.statistic.toPrecision(4).padStart(10)} ${p.padStart(10)}  ${(f.drifted ? 'yes' : 'no').padEnd(7)}  ${(f.psi === null ? '-' : f.psi.toFixed(4)).padStart(8)}`);
  }
  for (const s of answer.skipped) lines.push(`${s.feature.padEnd(18)} not checked: ${s.reason}`);
  if (answer.report_id) lines.push('', `report     ${reportKey(answer.report_id)} in ${store}; served at ${answer.report_url}`);
  return lines.join('\n');
}

function whole(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return n;
  };
}
