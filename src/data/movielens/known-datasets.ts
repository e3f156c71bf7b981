/**
 * The MovieLens archives `marquee import <name>` can download, with their published sizes and
 * checksums: sha256 from TensorFlow Datasets' recorded checksums (url_checksums/movielens.txt),
 * md5 from the `.md5` files GroupLens publishes beside each zip (no sha256 is published for ml-32m).
 */
export interface KnownDataset {
  bytes: number;
  sha256?: string;
  md5?: string;
}

export const knownDatasets: Record<string, KnownDataset> = {
  'ml-latest-small': { bytes: 978_202, sha256: '696d65a3dfceac7c45750ad32df2c259311949efec81f0f144fdfb91ebc9e436' },
  'ml-100k': {
    bytes: 4_924_029,
    sha256: '50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229',
    md5: '0e33842e24a9c977be4e0107933c0723',
  },
  'ml-1m': {
    bytes: 5_917_549,
    sha256: 'a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20',
    md5: 'c4d9eecfca2ab87c1945afe126590906',
  },
  'ml-20m': {
    bytes: 198_702_078,
    sha256: '96f243c338a8665f6bcc89c53edf6ee39162a846940de6b7c8c48aeada765ff3',
    md5: 'cd245b17a1ae2cc31bb14903e1204af3',
  },
  'ml-25m': {
    bytes: 261_978_986,
    sha256: '8b21cfb7eb1706b4ec0aac894368d90acf26ebdfb6aced3ebd4ad5bd1eb9c6aa',
    md5: '6b51fb2759a8657d3bfcbfc42b592ada',
  },
  'ml-32m': { bytes: 238_950_008, md5: 'd472be332d4daa821edc399621853b57' },
};
