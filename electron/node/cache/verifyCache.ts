import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evictSeriesVolume, verifyAllSeriesVolumes } from './pixelCache';
import type { StudyCache } from './studyCache';

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
  const report: VerifyReport = { instances: 0, missing: [], corrupt: [], orphans: [], damagedVolumes: [], repaired: [] };
  const known = new Set<string>();
  for (const instance of cache.index.allInstances()) {
    report.instances++;
    known.add(instance.objectPath);
    const file = path.join(cache.paths.objects, instance.objectPath);
    if (!existsSync(file)) report.missing.push({ sopUid: instance.sopUid, objectPath: instance.objectPath });
    else if (createHash('sha256').update(readFileSync(file)).digest('hex') !== instance.sha256) report.corrupt.push({ sopUid: instance.sopUid, objectPath: instance.objectPath });
  }
  for (const e of readdirSync(cache.paths.objects, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const rel = path.relative(cache.paths.objects, path.join(e.parentPath, e.name));
    if (!known.has(rel)) report.orphans.push(rel);
  }
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
      cache.removeObject(orphan);
      report.repaired.push(`deleted orphan file ${orphan}`);
    }
  }
  return report;
}
