import { createHash } from 'node:crypto';
import path from 'node:path';

export interface CachePaths {
  root: string;
  /** Original DICOM files, byte-exact, named by the hash of their SOP Instance UID. */
  objects: string;
  /** Temporary files of writes in progress (same file system as `objects`, for atomic renames). */
  incoming: string;
  index: string;
}

export function cachePaths(dataDir: string): CachePaths {
  const root = path.join(dataDir, 'cache');
  return { root, objects: path.join(root, 'objects'), incoming: path.join(root, 'incoming'), index: path.join(root, 'index.sqlite') };
}

/**
 * Where an instance's file lives, relative to `objects`. Derived from a hash of the SOP Instance
 * UID, never from a file name or the UID text itself, so no input can steer the path (no
 * traversal, no reserved names) and directories stay small (256 × 256 fan-out).
 */
export function objectPathFor(sopInstanceUid: string): string {
  const h = createHash('sha256').update(sopInstanceUid).digest('hex');
  return path.join(h.slice(0, 2), h.slice(2, 4), `${h}.dcm`);
}
