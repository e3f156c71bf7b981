/**
 * The movies table of the older MovieLens layouts (ml-100k, ml-1m): one ISO-8859-1 record a line,
 * no header; each format only says how a record becomes a movie.
 */
import { ByteCounter, FieldReader, stageRecords, writeMovie } from '../staging.ts';
import type { StagedTable } from '../staging.ts';
import type { DatasetFile } from '../sources/dataset-source.ts';
import type { TextRecord } from '../text-records.ts';
import { latin1Records } from '../text-records.ts';

export interface ParsedMovie {
  id: number;
  title: string;
  genres: string[];
}

export function latin1MoviesTable(
  file: DatasetFile,
  separator: string,
  parse: (f: FieldReader, record: TextRecord) => ParsedMovie,
): StagedTable {
  return {
    table: 'movies',
    path: file.path,
    size: file.size,
    stage(onRead) {
      const read = new ByteCounter();
      return stageRecords(latin1Records(file, separator, read.add), (record, w) => {
        const movie = parse(new FieldReader(file.path, record), record);
        writeMovie(w, record.line, movie.id, movie.title, movie.genres);
      }, onRead, read);
    },
  };
}
