/**
 * Recognises a MovieLens data set by its file names and lists the tables to load from it.
 * A required file that is missing is reported with the path where it was expected.
 */
import { DatasetNotFoundError } from '../errors.ts';
import type { DatasetFile, DatasetSource } from '../sources/dataset-source.ts';
import type { StagedTable } from '../staging.ts';
import { csvTables } from './csv.ts';
import { ml100kTables } from './ml-100k.ts';
import { ml1mTables } from './ml-1m.ts';

export type DatasetFormat = 'csv' | 'ml-100k' | 'ml-1m';

const FILES: Record<DatasetFormat, { movies: string; ratings: string }> = {
  csv: { movies: 'movies.csv', ratings: 'ratings.csv' },
  'ml-100k': { movies: 'u.item', ratings: 'u.data' },
  'ml-1m': { movies: 'movies.dat', ratings: 'ratings.dat' },
};

export function detectFormat(source: DatasetSource): DatasetFormat {
  for (const [format, files] of Object.entries(FILES) as [DatasetFormat, (typeof FILES)[DatasetFormat]][]) {
    if (source.file(files.movies) || source.file(files.ratings)) return format;
  }
  const expected = Object.values(FILES).map((f) => `${f.ratings} and ${f.movies}`).join(', or ');
  throw new DatasetNotFoundError(`${source.location}: no MovieLens data set found (expected ${expected})`);
}

export function planTables(source: DatasetSource, format: DatasetFormat): StagedTable[] {
  const required = (name: string): DatasetFile => {
    const file = source.file(name);
    if (!file) throw new DatasetNotFoundError(`missing file: ${source.expectedPath(name)}`);
    return file;
  };
  const files = { movies: required(FILES[format].movies), ratings: required(FILES[format].ratings) };
  if (format === 'ml-100k') return ml100kTables(files);
  if (format === 'ml-1m') return ml1mTables(files);
  return csvTables({ ...files, tags: source.file('tags.csv'), links: source.file('links.csv') });
}
