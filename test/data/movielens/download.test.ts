/** Downloads by name, against a local HTTP server serving a zip built here (no outside network). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DatasetNotFoundError, DownloadError } from '../../../src/data/movielens/errors.ts';
import { openDataset } from '../../../src/data/movielens/open-dataset.ts';
import { tinyCsvDataset, writeDataset } from '../../support/datasets.ts';
import { writeZip } from '../../support/zip.ts';

describe('openDataset by name (download)', () => {
  let zip: Buffer;
  let baseUrl: string;
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/ml-tiny.zip' || req.url === '/ml-100k.zip') {
      res.writeHead(200, { 'content-length': zip.length, 'content-type': 'application/zip' });
      res.end(zip);
    } else {
      res.writeHead(404).end();
    }
  });

  before(async () => {
    const zipPath = join(writeDataset({}), 'ml-tiny.zip');
    await writeZip(zipPath, Object.fromEntries(Object.entries(tinyCsvDataset).map(([n, c]) => [`ml-tiny/${n}`, c])));
    zip = readFileSync(zipPath);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const catalog = () => ({
    'ml-tiny': { bytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') },
    'ml-md5': { bytes: zip.length, md5: createHash('md5').update(zip).digest('hex') },
  });
  const config = () => ({ downloadsDir: join(writeDataset({}), 'downloads'), movielensBaseUrl: baseUrl });

  test('downloads the zip with progress, verifies it, caches it, and reuses the cache', async () => {
    const cfg = config();
    const progress: [number, number | undefined][] = [];
    hits.length = 0;
    const source = await openDataset('ml-tiny', cfg, { catalog: catalog(), onDownload: (r, t) => progress.push([r, t]) });
    assert.equal(source.file('ratings.csv')?.path, `${join(cfg.downloadsDir, 'ml-tiny.zip')}/ml-tiny/ratings.csv`);
    await source.close();
    assert.deepEqual(progress.at(-1), [zip.length, zip.length]);
    assert.deepEqual(readdirSync(cfg.downloadsDir), ['ml-tiny.zip']);
    await (await openDataset('ml-tiny', cfg, { catalog: catalog() })).close();
    assert.deepEqual(hits, ['/ml-tiny.zip'], 'the second open must come from the cache');
  });

  test('a corrupt cached file is downloaded again', async () => {
    const cfg = config();
    await (await openDataset('ml-tiny', cfg, { catalog: catalog() })).close();
    writeFileSync(join(cfg.downloadsDir, 'ml-tiny.zip'), 'garbage');
    hits.length = 0;
    await (await openDataset('ml-tiny', cfg, { catalog: catalog() })).close();
    assert.deepEqual(hits, ['/ml-tiny.zip']);
    assert.deepEqual(readFileSync(join(cfg.downloadsDir, 'ml-tiny.zip')), zip);
  });

  test('an md5-only entry (ml-32m) is verified with md5', async () => {
    const cfg = config();
    hits.length = 0;
    await assert.rejects(openDataset('ml-md5', cfg, { catalog: catalog() }), /HTTP 404/);
    const renamed = { 'ml-tiny': catalog()['ml-md5'] };
    await (await openDataset('ml-tiny', cfg, { catalog: renamed })).close();
    assert.ok(existsSync(join(cfg.downloadsDir, 'ml-tiny.zip')));
  });

  test('a checksum mismatch is refused and leaves nothing in the cache', async () => {
    const cfg = config();
    // The server's zip is not the official ml-100k, so the published sha256 cannot match.
    const error = await openDataset('ml-100k', cfg).catch((e: unknown) => e);
    assert.ok(error instanceof DownloadError, String(error));
    assert.match(error.message, /checksum mismatch .*expected 50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229/);
    assert.deepEqual(readdirSync(cfg.downloadsDir), []);
  });

  test('an unreachable server and an unknown name are clear errors', async () => {
    const cfg = { ...config(), movielensBaseUrl: 'http://127.0.0.1:9' };
    await assert.rejects(openDataset('ml-tiny', cfg, { catalog: catalog() }), (e: unknown) =>
      e instanceof DownloadError && /^cannot download http:\/\/127\.0\.0\.1:9\/ml-tiny\.zip: /.test(e.message));
    await assert.rejects(openDataset('ml-999k', cfg), (e: unknown) =>
      e instanceof DatasetNotFoundError && /ml-999k: no such file or directory, and not a MovieLens data set name \(ml-latest-small, ml-100k/.test(e.message));
  });
});
