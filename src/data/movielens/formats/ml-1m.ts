/**
 * MovieLens 1M (and the same layout of 10M): `ratings.dat` as `UserID::MovieID::Rating::Timestamp`,
 * `movies.dat` as `MovieID::Title::Genres` with genres joined by `|`; ISO-8859-1, no header.
 */
import { stagedRatings } from '../stage-ratings.ts';
import { ML1M_RATINGS } from '../rating-line.ts';
import type { StagedTable } from '../staging.ts';
import type { DatasetFile } from '../sources/dataset-source.ts';
import { latin1MoviesTable } from './latin1-movies.ts';

export function ml1mTables(files: { movies: DatasetFile; ratings: DatasetFile }): StagedTable[] {
  const movies = latin1MoviesTable(files.movies, '::', (f, record) => {
    f.expectFields(3, "fields separated by '::'");
    const genres = record.fields[2].trim();
    return { id: f.positiveInt(0, 'MovieID'), title: f.text(1, 'title'), genres: genres === '' ? [] : genres.split('|') };
  });
  return [movies, stagedRatings(files.ratings, ML1M_RATINGS)];
}
