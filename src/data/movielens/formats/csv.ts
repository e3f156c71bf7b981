/**
 * The CSV data sets: ml-latest-small, ml-latest, ml-20m, ml-25m, ml-32m. UTF-8, comma separated,
 * a header row naming the columns; tags.csv and links.csv are optional.
 */
import { stagedRatings } from '../stage-ratings.ts';
import { ByteCounter, FieldReader, stageRecords, withHeader, writeMovie } from '../staging.ts';
import type { StagedTable } from '../staging.ts';
import type { DatasetFile } from '../sources/dataset-source.ts';
import { csvRecords } from '../text-records.ts';

const NO_GENRES = '(no genres listed)';

export function csvTables(files: { movies: DatasetFile; ratings: DatasetFile; tags?: DatasetFile; links?: DatasetFile }): StagedTable[] {
  const tables = [movies(files.movies)];
  if (files.links) tables.push(links(files.links));
  if (files.tags) tables.push(tags(files.tags));
  tables.push(stagedRatings(files.ratings, 'csv'));
  return tables;
}

function movies(file: DatasetFile): StagedTable {
  return {
    table: 'movies',
    path: file.path,
    size: file.size,
    async *stage(onRead) {
      const read = new ByteCounter();
      const { columns, width, rest } = await withHeader(file.path, csvRecords(file, read.add), ['movieId', 'title', 'genres']);
      yield* stageRecords(rest, (record, w) => {
        const f = new FieldReader(file.path, record);
        f.expectFields(width);
        const genres = record.fields[columns.genres].trim();
        const list = genres === '' || genres === NO_GENRES ? [] : genres.split('|');
        writeMovie(w, record.line, f.positiveInt(columns.movieId, 'movieId'), f.text(columns.title, 'title'), list);
      }, onRead, read);
    },
  };
}

function links(file: DatasetFile): StagedTable {
  return {
    table: 'links',
    path: file.path,
    size: file.size,
    async *stage(onRead) {
      const read = new ByteCounter();
      const { columns, width, rest } = await withHeader(file.path, csvRecords(file, read.add), ['movieId', 'imdbId', 'tmdbId']);
      yield* stageRecords(rest, (record, w) => {
        const f = new FieldReader(file.path, record);
        f.expectFields(width);
        const movieId = f.positiveInt(columns.movieId, 'movieId');
        const imdb = record.fields[columns.imdbId].trim();
        // IMDb ids keep their leading zeros ("0114709"): they are names, not numbers.
        if (imdb !== '' && !/^\d{1,12}$/.test(imdb)) f.fail(`imdbId must be digits, got ${JSON.stringify(imdb)}`);
        const tmdb = f.optionalInt(columns.tmdbId, 'tmdbId');
        w.int(record.line).comma().int(movieId).comma().text(imdb === '' ? undefined : imdb).comma();
        if (tmdb !== undefined) w.int(tmdb);
        w.endRow();
      }, onRead, read);
    },
  };
}

function tags(file: DatasetFile): StagedTable {
  return {
    table: 'tags',
    path: file.path,
    size: file.size,
    async *stage(onRead) {
      const read = new ByteCounter();
      const required = ['userId', 'movieId', 'tag', 'timestamp'] as const;
      const { columns, width, rest } = await withHeader(file.path, csvRecords(file, read.add), required);
      yield* stageRecords(rest, (record, w) => {
        const f = new FieldReader(file.path, record);
        f.expectFields(width);
        const userId = f.positiveInt(columns.userId, 'userId');
        const movieId = f.positiveInt(columns.movieId, 'movieId');
        const seconds = f.seconds(columns.timestamp, 'timestamp');
        const tag = record.fields[columns.tag].trim();
        // An empty tag says nothing (some releases hold a few such rows): skipped.
        if (tag === '') return;
        w.int(record.line).comma().int(userId).comma().int(movieId).comma().text(tag).comma().int(seconds).endRow();
      }, onRead, read);
    },
  };
}
