/**
 * MovieLens 100K: `u.data` holds ratings (tab separated, no header); `u.item` the movies,
 * ISO-8859-1, `|` separated: id, title, release date, video release date, IMDb URL, then one
 * 0/1 flag per genre in the order of `u.genre`.
 */
import { stagedRatings } from '../stage-ratings.ts';
import { ML100K_RATINGS } from '../rating-line.ts';
import type { StagedTable } from '../staging.ts';
import type { DatasetFile } from '../sources/dataset-source.ts';
import { latin1MoviesTable } from './latin1-movies.ts';

/** The genres of `u.genre`, in flag order (the file is part of every ml-100k archive). */
const GENRES = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];
const FIRST_FLAG = 5;

export function ml100kTables(files: { movies: DatasetFile; ratings: DatasetFile }): StagedTable[] {
  const movies = latin1MoviesTable(files.movies, '|', (f, record) => {
    f.expectFields(FIRST_FLAG + GENRES.length, "fields separated by '|'");
    const genres = GENRES.filter((_, k) => {
      const flag = record.fields[FIRST_FLAG + k];
      if (flag !== '0' && flag !== '1') f.fail(`genre flag ${GENRES[k]} must be 0 or 1, got ${JSON.stringify(flag)}`);
      return flag === '1';
    });
    // Movie 267 is literally titled "unknown", with no date: kept, as MovieLens has it.
    return { id: f.positiveInt(0, 'movie id'), title: f.text(1, 'title'), genres };
  });
  return [movies, stagedRatings(files.ratings, ML100K_RATINGS)];
}
