/** A MovieLens data set's files, wherever they are: a directory or a zip archive. */
import type { Readable } from 'node:stream';

export interface DatasetFile {
  /** File name without folders, e.g. `ratings.csv`. */
  name: string;
  /** Where the file is, as shown in messages (`file:line: reason`). */
  path: string;
  /** Uncompressed size in bytes, for progress. */
  size: number;
  open(): Promise<Readable>;
}

export interface DatasetSource {
  /** The directory or archive, as shown in messages. */
  location: string;
  /** The file of that name, wherever it sits in the source. */
  file(name: string): DatasetFile | undefined;
  /** Where a file of that name would be, for a message saying it is missing. */
  expectedPath(name: string): string;
  close(): Promise<void>;
}
