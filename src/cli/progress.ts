/**
 * Progress for long imports and downloads: a bar with rows/s on a terminal, nothing when the
 * output is piped or logged (a bar there is just noise), and a closing summary either way.
 */
import cliProgress from 'cli-progress';
import type { ImportEvent, ImportSummary } from '../data/movielens/import-dataset.ts';
import type { OnDownload } from '../data/movielens/download.ts';

export interface ImportProgress {
  onEvent(event: ImportEvent): void;
  onDownload: OnDownload;
  stop(): void;
}

export function importProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  if (!stream.isTTY) return { onEvent: () => {}, onDownload: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label} |{bar}| {percentage}% | {rows} rows | {speed} rows/s | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let bytes = 0;
  const tableBar = (label: string, total: number) => {
    bar.stop();
    bytes = 0;
    started = performance.now();
    bar.start(Math.max(total, 1), 0, { label, rows: '0', speed: '0' });
  };
  return {
    onEvent(event) {
      if (event.type === 'reading') tableBar(event.table.padEnd(8), event.size);
      else if (event.type === 'read') {
        bytes += event.bytes;
        const speed = event.rows / Math.max((performance.now() - started) / 1000, 1e-3);
        bar.update(bytes, { rows: event.rows.toLocaleString('en-US'), speed: Math.round(speed).toLocaleString('en-US') });
      } else bar.update({ label: `${event.table} (merging)` });
    },
    onDownload(received, total) {
      if (received === 0 || started === 0) tableBar('download', total ?? 0);
      bar.update(received, { rows: '-', speed: '-' });
    },
    stop: () => bar.stop(),
  };
}

export function formatSummary(summary: ImportSummary): string {
  const lines = [`Imported ${summary.location} (${summary.format}) in ${summary.seconds.toFixed(1)} s`];
  for (const t of summary.tables) {
    const unchanged = t.rows - t.inserted - t.updated;
    lines.push(
      `  ${t.table.padEnd(8)} ${n(t.rows).padStart(12)} read  ${n(t.inserted).padStart(12)} new  ${n(t.updated).padStart(10)} changed  ${n(Math.max(unchanged, 0)).padStart(12)} unchanged`,
    );
  }
  return lines.join('\n');
}

const n = (value: number) => value.toLocaleString('en-US');
