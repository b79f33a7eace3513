import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { evictSeriesVolume, verifyAllSeriesVolumes } from './pixelCache';
import type { StudyCache } from './studyCache';
import { placementsInProgress } from './placementJournal';

export interface VerifyReport {
  instances: number;
  /** Index rows whose file is gone. */
  missing: Array<{ sopUid: string; objectPath: string }>;
  /** Files whose bytes no longer match the checksum recorded at store time. */
  corrupt: Array<{ sopUid: string; objectPath: string }>;
  /** Files in the store that no index row names (e.g. a crash between rename and commit). */
  orphans: string[];
  /** Decode-once pixel blocks whose bytes no longer match their checksum (evicted by repair; rebuilt on demand). */
  damagedVolumes: string[];
  /** Instances stored with known damage (recorded when they arrived): what cannot be shown, named. Not an error of the cache. */
  knownDamage: Array<{ sopUid: string; damage: string[] }>;
  /** Patient data readable by others than its owner (group or other permission bits): repair makes them 600/700. */
  exposed: string[];
  /** Encrypted cache: stored files still in plaintext (stored before it was encrypted; `lightbox cache encrypt` seals them). Not an error. */
  unencrypted: number;
  /** What `repair` did. */
  repaired: string[];
}

/**
 * Checks every indexed instance against its file (present, same SHA-256) and looks for files no
 * row names. With `repair`, missing or damaged instances leave the index (and their damaged file
 * goes), so that no study claims what it cannot serve, and orphan files are deleted; without it,
 * it only reports.
 */
export function verifyCache(cache: StudyCache, options: { repair?: boolean } = {}): VerifyReport {
  const report: VerifyReport = { instances: 0, missing: [], corrupt: [], orphans: [], damagedVolumes: [], knownDamage: [], exposed: [], unencrypted: 0, repaired: [] };
  const known = new Set<string>();
  for (const instance of cache.index.allInstances()) {
    report.instances++;
    known.add(instance.objectPath);
    const file = path.join(cache.paths.objects, instance.objectPath);
    if (!existsSync(file)) report.missing.push({ sopUid: instance.sopUid, objectPath: instance.objectPath });
    else {
      // The checksum is the plaintext's (the original file's), read through the cache's reader: a
      // sealed file that fails its check (changed, cut short, another key) is corrupt as well.
      const plain = plaintextHash(cache, instance.objectPath);
      if (plain?.sha256 !== instance.sha256) report.corrupt.push({ sopUid: instance.sopUid, objectPath: instance.objectPath });
      if (cache.key && plain && !plain.sealed) report.unencrypted++;
    }
  }
  // Files another process is placing right now are not orphans: its row follows.
  const inProgress = placementsInProgress(path.dirname(cache.paths.incoming));
  for (const e of readdirSync(cache.paths.objects, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const rel = path.relative(cache.paths.objects, path.join(e.parentPath, e.name));
    if (!known.has(rel) && !inProgress.has(rel)) report.orphans.push(rel);
  }
  report.knownDamage = cache.index.damagedInstances().map(({ sopUid, damage }) => ({ sopUid, damage }));
  report.exposed = exposedPaths(cache);
  report.damagedVolumes = verifyAllSeriesVolumes(cache)
    .filter((v) => !v.ok)
    .map((v) => v.seriesUid);
  if (options.repair) {
    for (const series of report.damagedVolumes) {
      evictSeriesVolume(cache, series);
      report.repaired.push(`evicted the damaged pixel block of series ${series} (rebuilt when next opened)`);
    }
    for (const bad of [...report.missing, ...report.corrupt]) {
      cache.index.removeInstance(bad.sopUid);
      cache.removeObject(bad.objectPath);
      report.repaired.push(`removed ${bad.sopUid} (${bad.objectPath}) from the index: its file is missing or damaged; import it again`);
    }
    for (const orphan of report.orphans) {
      cache.removeObjectsIfUnreferenced([orphan], false);
      report.repaired.push(`deleted orphan file ${orphan}`);
    }
    for (const exposed of report.exposed) {
      const st = statSync(exposed, { throwIfNoEntry: false });
      if (!st) continue; // an orphan removed above
      chmodSync(exposed, st.isDirectory() ? 0o700 : 0o600);
      report.repaired.push(`made ${exposed} readable by its owner only`);
    }
  }
  return report;
}

/** The SHA-256 of a stored file's plaintext, and whether it is sealed; undefined when it cannot be read. */
function plaintextHash(cache: StudyCache, objectPath: string): { sha256: string; sealed: boolean } | undefined {
  let stored;
  try {
    stored = cache.openObjectSync(objectPath);
  } catch {
    return undefined;
  }
  try {
    const hash = createHash('sha256');
    // A piece at a time: a multi-frame original of a gigabyte is never held whole.
    for (let at = 0; at < stored.size; at += 1 << 22) hash.update(stored.readAt(at, 1 << 22));
    return { sha256: hash.digest('hex'), sealed: stored.sealed };
  } catch {
    return undefined;
  } finally {
    stored.close();
  }
}

/**
 * The data folder, the cache's folders, the index and every stored file or pixel block whose mode
 * lets the group or others in (the owner's umask, a copy made by hand, an older Lightbox).
 */
function exposedPaths(cache: StudyCache): string[] {
  const root = path.dirname(cache.paths.objects);
  const dataDir = path.dirname(root);
  const out: string[] = [];
  const check = (p: string): void => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st && (st.mode & 0o077) !== 0) out.push(p);
  };
  check(dataDir);
  check(root);
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile() || e.isDirectory()) check(path.join(e.parentPath, e.name));
  }
  return out;
}
