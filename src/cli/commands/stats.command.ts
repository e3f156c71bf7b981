import type { Command } from 'commander';
import type { DataStats } from '../../data/stats.ts';

export function registerStatsCommand(program: Command): void {
  program
    .command('stats')
    .description('show what the database holds: ratings, users, movies, sources, dates')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const [{ loadConfig }, { openDatabase }, { readStats }] = await Promise.all([
        import('../../config.ts'),
        import('../../data/db/open-database.ts'),
        import('../../data/stats.ts'),
      ]);
      const db = await openDatabase(loadConfig());
      try {
        const stats = await readStats(db);
        console.log(options.json ? JSON.stringify(stats) : formatStats(stats));
      } finally {
        await db.close();
      }
    });
}

export function formatStats(s: DataStats): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const sources = Object.entries(s.by_source).map(([k, v]) => `${k} ${n(v)}`).join(', ') || 'none';
  return [
    `ratings      ${n(s.ratings)}`,
    `users        ${n(s.users)}`,
    `movies       ${n(s.movies)} (${n(s.rated_movies)} rated)`,
    `mean rating  ${s.mean_rating === null ? '-' : s.mean_rating.toFixed(3)}`,
    `by source    ${sources}`,
    `rated from   ${s.first_rated_at ?? '-'} to ${s.last_rated_at ?? '-'}`,
  ].join('\n');
}
