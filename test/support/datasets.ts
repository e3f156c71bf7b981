/** Small MovieLens-shaped data sets written into a temp directory, for import tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tiny ml-latest-small look-alike: quotes, UTF-8 accents, a title without year, an empty tmdbId, an empty tag (skipped). */
export const tinyCsvDataset: Record<string, string> = {
  'movies.csv': [
    'movieId,title,genres',
    '1,Toy Story (1995),Adventure|Animation|Children',
    '2,"Misérables, Les (1995)",Drama|Musical',
    '3,Babylon 5,(no genres listed)',
    '4,"Stranger Things (2016– )",Drama',
  ].join('\r\n') + '\r\n',
  'ratings.csv': [
    'userId,movieId,rating,timestamp',
    '1,1,4.0,964982703',
    '1,2,3.5,964982704',
    '2,1,5.0,964982705',
    '2,3,0.5,964982706',
  ].join('\n') + '\n',
  'tags.csv': ['userId,movieId,tag,timestamp', '1,1,"funny, ""clever""",1445714994', '2,3,sci-fi,1445714995', '2,4,,1445714996'].join('\n') + '\n',
  'links.csv': ['movieId,imdbId,tmdbId', '1,0114709,862', '2,0113497,', '3,0105946,4944', '4,4574334,66732'].join('\n') + '\n',
};

/** Writes `files` (name → content) into a new temp directory and returns its path. */
export function writeDataset(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-dataset-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
