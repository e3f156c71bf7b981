/**
 * `marquee model list` shows every registered version with its metrics and aliases;
 * `marquee model rollback` moves `champion` back to `previous` (as `POST /models/rollback`).
 * A rollback that cannot happen (nothing to roll back to, a training job running, the previous
 * model file damaged) exits with code 2 and says why.
 */
import type { Command } from 'commander';
import type { StandaloneRuntime } from '../../pipeline/standalone-runtime.ts';
import { versionView, type VersionView } from '../../pipeline/version-view.ts';

export function registerModelCommand(program: Command): void {
  const model = program.command('model').description('the model registry: list versions, roll back the champion');
  model
    .command('list')
    .description('every version of the registered model, newest first, with metrics and aliases')
    .option('--json', 'print one JSON object')
    .action((options: { json?: boolean }) =>
      withRuntime(async ({ training }) => {
        const versions = (await training.registry.list()).map(versionView);
        console.log(options.json ? JSON.stringify({ name: training.registry.name, versions }) : formatVersions(training.registry.name, versions));
      }),
    );
  model
    .command('rollback')
    .description('move the champion alias back to the previous version')
    .option('--json', 'print one JSON object')
    .action((options: { json?: boolean }) =>
      withRuntime(async ({ training }) => {
        const done = await training.rollback();
        const name = training.registry.name;
        if (options.json) console.log(JSON.stringify({ name, rolled_back: done.from, champion: done.to, previous: done.previous ?? null }));
        else console.log(`${name}: champion v${done.from} → v${done.to}; previous ${done.previous ? `→ v${done.previous}` : 'removed (no older version recorded)'}`);
      }),
    );
}

async function withRuntime(work: (runtime: StandaloneRuntime) => Promise<void>): Promise<void> {
  // Loaded here, not at the top: every other command (and --help) starts without them.
  const [{ loadConfig }, { openStandaloneRuntime }] = await Promise.all([import('../../config.ts'), import('../../pipeline/standalone-runtime.ts')]);
  const runtime = await openStandaloneRuntime(loadConfig());
  try {
    await work(runtime);
  } finally {
    await runtime.close();
  }
}

function formatVersions(name: string, versions: VersionView[]): string {
  if (versions.length === 0) return `${name}: no versions yet (run marquee train)`;
  const lines = [`${name}`, `  ${'version'.padEnd(8)} ${'aliases'.padEnd(18)} ${'algorithm'.padEnd(14)} ${'holdout RMSE'.padStart(12)} ${'CV RMSE'.padStart(8)} ${'ratings'.padStart(9)}  created`];
  for (const v of versions) {
    const metric = (key: string, width: number) => (v.metrics[key] === undefined ? '-' : v.metrics[key].toFixed(4)).padStart(width);
    lines.push(
      `  ${v.version.padEnd(8)} ${(v.aliases.join(',') || '-').padEnd(18)} ${(v.algorithm ?? '-').padEnd(14)} ${metric('holdout_rmse', 12)} ${metric('cv_rmse', 8)} ${(v.data.ratings ?? '-').padStart(9)}  ${v.created_at}`,
    );
  }
  return lines.join('\n');
}
