/**
 * Key rules shared by every adapter. They are stricter than S3's so that the same key is a safe
 * relative path on disk (no `..`, no absolute path, no backslash) and needs no URL escaping.
 */
import { ArtifactKeyError } from './errors.ts';

const SEGMENT = /^[A-Za-z0-9._\-+=@,]+$/;
const MAX_KEY_LENGTH = 1024;
const MAX_SEGMENT_LENGTH = 255;

/** Throws ArtifactKeyError with the reason unless `key` is a valid object key; returns it unchanged. */
export function validateKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new ArtifactKeyError(String(key), 'it is empty');
  if (key.endsWith('/')) throw new ArtifactKeyError(key, 'it ends with "/" (names a folder, not an object)');
  checkPath(key);
  return key;
}

/** A list prefix follows the key rules but may be empty or end with `/`. */
export function validatePrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkPath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

function checkPath(key: string): void {
  if (key.length > MAX_KEY_LENGTH) throw new ArtifactKeyError(key, `it is longer than ${MAX_KEY_LENGTH} characters`);
  if (key.includes('\\')) throw new ArtifactKeyError(key, 'backslashes are not allowed; use "/"');
  if (key.startsWith('/')) throw new ArtifactKeyError(key, 'it is absolute; keys are relative paths');
  for (const segment of key.split('/')) {
    if (segment === '') throw new ArtifactKeyError(key, 'it has an empty path segment ("//")');
    if (segment === '.' || segment === '..') throw new ArtifactKeyError(key, `"${segment}" segments are not allowed`);
    if (segment.length > MAX_SEGMENT_LENGTH) {
      throw new ArtifactKeyError(key, `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`);
    }
    if (!SEGMENT.test(segment)) {
      throw new ArtifactKeyError(key, `segment "${segment}" may only hold letters, digits and . _ - + = @ ,`);
    }
  }
}
