/**
 * The MovieLens data sets kept outside the repository (their licence forbids redistribution):
 * `../shared/data/movielens` beside the repository, or MARQUEE_SHARED_DATA. Tests that need one
 * skip, saying where they looked, when it is absent.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const sharedDataDir = resolve(process.env.MARQUEE_SHARED_DATA ?? join(root, '..', 'shared', 'data', 'movielens'));

/** The path of a shared file or folder, or undefined when absent. */
export function sharedData(relative: string): string | undefined {
  const path = join(sharedDataDir, relative);
  return existsSync(path) ? path : undefined;
}

export const missingReason = (relative: string) => `${relative} not found at ${join(sharedDataDir, relative)}`;

/** The bundled ml-latest-small, always in the repository. */
export const bundledDataDir = join(root, 'data', 'ml-latest-small');
