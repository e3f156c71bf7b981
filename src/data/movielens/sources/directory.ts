import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetFile, DatasetSource } from './dataset-source.ts';

/** The files directly inside `dir` (a MovieLens archive extracted there). */
export function directorySource(dir: string): DatasetSource {
  const files = new Map<string, DatasetFile>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(dir, entry.name);
    files.set(entry.name, {
      name: entry.name,
      path,
      size: statSync(path).size,
      open: async () => createReadStream(path, { highWaterMark: 1 << 20 }),
    });
  }
  return {
    location: dir,
    file: (name) => files.get(name),
    expectedPath: (name) => join(dir, name),
    close: async () => {},
  };
}
