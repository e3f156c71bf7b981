// Runs every `*.test.ts` under test/ and src/ with node's own test runner (TypeScript through tsx).
// Node 20 has no glob support in `--test`, so the files are listed here. Extra arguments narrow the
// run: `npm test -- test/engine` runs only the files whose path contains one of them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

const filters = process.argv.slice(2);
const files = ['test', 'src']
  .flatMap(findTests)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched', filters);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
