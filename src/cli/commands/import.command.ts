/**
 * `marquee import <dataset>`. Like every command, it loads its modules only when it runs, so
 * the CLI starts without loading every command's dependencies.
 */
import type { Command } from 'commander';
import { knownDatasets } from '../../data/movielens/known-datasets.ts';

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import a MovieLens data set (all of it, or nothing if any line is invalid)')
    .argument('<dataset>', `a directory, a zip file, or a name to download: ${Object.keys(knownDatasets).join(', ')}`)
    .action(async (spec: string) => {
      const [{ loadConfig }, { openDatabase }, { importDataset }, { openDataset }, { formatSummary, importProgress }] = await Promise.all([
        import('../../config.ts'),
        import('../../data/db/open-database.ts'),
        import('../../data/movielens/import-dataset.ts'),
        import('../../data/movielens/open-dataset.ts'),
        import('../progress.ts'),
      ]);
      const config = loadConfig();
      const progress = importProgress();
      try {
        const source = await openDataset(spec, config, { onDownload: progress.onDownload });
        try {
          const db = await openDatabase(config);
          try {
            const summary = await importDataset(db, source, { onEvent: progress.onEvent });
            progress.stop();
            console.log(formatSummary(summary));
          } finally {
            await db.close();
          }
        } finally {
          await source.close();
        }
      } finally {
        progress.stop();
      }
    });
}
