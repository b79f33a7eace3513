import { createHash } from 'node:crypto';
import path from 'node:path';

export interface CachePaths {
  root: string;
  /** Original DICOM files, byte-exact, in a folder per series, named by the hash of their SOP Instance UID. */
  objects: string;
  /** Temporary files of writes in progress (same file system as `objects`, for atomic renames). */
  incoming: string;
  index: string;
}

export function cachePaths(dataDir: string): CachePaths {
  const root = path.join(dataDir, 'cache');
  return { root, objects: path.join(root, 'objects'), incoming: path.join(root, 'incoming'), index: path.join(root, 'index.sqlite') };
}

const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Where an instance's file lives, relative to `objects`: a folder per series (so a series being
 * received creates one folder, not one per instance, and lies together on disk), under a 256-way
 * fan-out. Derived from hashes of the UIDs, never from a file name or the UID text itself, so no
 * input can steer the path (no traversal, no reserved names). The name ends with the content's
 * hash: one name, one content, so writers in several processes storing the same instance at once
 * share a file instead of overwriting each other's, and a new version never overwrites the file an
 * older row still names. The index records each path, so files stored under an earlier layout
 * stay where they are.
 */
export function objectPathFor(seriesInstanceUid: string, sopInstanceUid: string, contentSha256: string): string {
  const series = hex(seriesInstanceUid);
  return path.join(series.slice(0, 2), series.slice(2, 18), `${hex(sopInstanceUid).slice(0, 32)}-${contentSha256.slice(0, 32)}.dcm`);
}
