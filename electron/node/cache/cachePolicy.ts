import { evictSeriesVolume } from './pixelCache';
import type { StudyCache } from './studyCache';

export interface EvictionReport {
  /** Bytes (originals + pixel blocks) before and after. */
  before: number;
  after: number;
  evictedPixelBlocks: string[];
  evictedStudies: string[];
  /** Quota that could not be reached because everything left is pinned. */
  shortBy: number;
}

/**
 * Brings the cache under `quotaBytes`: first the decode-once pixel blocks (cheap to rebuild),
 * least recently used first; then whole unpinned studies, least recently opened first (audited as evictions). Pinned
 * studies (today's worklist, unsaved work) and, with `keepDays`, studies used within that many
 * days are never evicted. Deletions are audited.
 */
export function enforceQuota(cache: StudyCache, quotaBytes: number, options: { dryRun?: boolean; keepDays?: number } = {}): EvictionReport {
  const originals = (): number => cache.index.counts().bytes;
  const total = (): number => originals() + cache.index.pixelBlockBytes();
  const report: EvictionReport = { before: total(), after: 0, evictedPixelBlocks: [], evictedStudies: [], shortBy: 0 };
  let projected = report.before;
  for (const block of cache.index.pixelBlocksByAge()) {
    if (projected <= quotaBytes) break;
    if (!options.dryRun) evictSeriesVolume(cache, block.seriesUid);
    report.evictedPixelBlocks.push(block.seriesUid);
    projected -= block.bytes;
  }
  // Retention: studies used (opened, else stored) within the last `keepDays` days stay, like pinned ones.
  const keepSince = options.keepDays !== undefined ? new Date(Date.now() - options.keepDays * 86_400_000).toISOString() : undefined;
  for (const study of cache.index.evictableStudies()) {
    if (projected <= quotaBytes) break;
    if (keepSince && study.used >= keepSince) continue;
    if (!options.dryRun) cache.deleteStudy(study.studyUid, 'evicted by the cache quota', 'evict');
    report.evictedStudies.push(study.studyUid);
    projected -= study.bytes;
  }
  report.after = options.dryRun ? projected : total();
  report.shortBy = Math.max(0, report.after - quotaBytes);
  return report;
}
