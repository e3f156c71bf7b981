/**
 * Reads the files of a zip archive in place, each as a stream inflated on the fly: nothing is
 * extracted to disk and memory does not grow with the archive. Official MovieLens zips hold one
 * folder (`ml-100k/u.data`), so files are found by name at any depth; the shallowest wins.
 */
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import type { DatasetFile, DatasetSource } from './dataset-source.ts';

export async function zipSource(zipPath: string): Promise<DatasetSource> {
  const zip = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(zipPath, {
    lazyEntries: true,
    autoClose: false,
  });
  try {
    const entries = await readEntries(zip);
    const files = new Map<string, DatasetFile>();
    for (const entry of entries.sort((a, b) => depth(a.fileName) - depth(b.fileName))) {
      const name = entry.fileName.split('/').pop() ?? '';
      if (name === '' || entry.fileName.startsWith('__MACOSX/') || files.has(name)) continue;
      files.set(name, {
        name,
        path: `${zipPath}/${entry.fileName}`,
        size: entry.uncompressedSize,
        open: () => promisify<yauzl.Entry, Readable>(zip.openReadStream.bind(zip))(entry),
      });
    }
    const folder = entries.find((e) => e.fileName.endsWith('/'))?.fileName ?? '';
    return {
      location: zipPath,
      file: (name) => files.get(name),
      expectedPath: (name) => `${zipPath}/${folder}${name}`,
      close: async () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function depth(fileName: string): number {
  return fileName.split('/').length;
}
