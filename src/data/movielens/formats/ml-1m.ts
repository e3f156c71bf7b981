/**
 * MovieLens 1M (and the same layout of 10M): `ratings.dat` as `UserID::MovieID::Rating::Timestamp`,
 * `movies.dat` as `MovieID::Title::Genres` with genres joined by `|`; ISO-8859-1, no header.
 */
import { stagedRatings } from '../stage-ratings.ts';
import { ML1M_RATINGS } from '../rating-line.ts';
import { ByteCounter, FieldReader, stageRecords, writeMovie } from '../staging.ts';
import type { StagedTable } from '../staging.ts';
import type { DatasetFile } from '../sources/dataset-source.ts';
import { latin1Records } from '../text-records.ts';

export function ml1mTables(files: { movies: DatasetFile; ratings: DatasetFile }): StagedTable[] {
  return [movies(files.movies), stagedRatings(files.ratings, ML1M_RATINGS)];
}

function movies(file: DatasetFile): StagedTable {
  return {
    table: 'movies',
    path: file.path,
    size: file.size,
    stage(onRead) {
      const read = new ByteCounter();
      return stageRecords(latin1Records(file, '::', read.add), (record, w) => {
        const f = new FieldReader(file.path, record);
        f.expectFields(3, "fields separated by '::'");
        const genres = record.fields[2].trim();
        writeMovie(w, record.line, f.positiveInt(0, 'MovieID'), f.text(1, 'title'), genres === '' ? [] : genres.split('|'));
      }, onRead, read);
    },
  };
}
