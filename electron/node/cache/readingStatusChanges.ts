import type { ReadingStatus, StudyReadingStatus } from '../../common/contract/hostContract';
import type { StudyCache } from './studyCache';

/**
 * Sets a study's reading status and writes its audit row ('status': who, when, old → new, why) in
 * one transaction, so that no change is recorded without its audit row. Setting the status it
 * already has changes nothing and writes no row.
 */
export function changeReadingStatus(cache: Pick<StudyCache, 'index' | 'audit' | 'auditUser'>, studyUid: string, status: ReadingStatus, why: string): StudyReadingStatus {
  return cache.index.write(() => {
    const before = cache.index.readingStatus(studyUid);
    if (before.status === status) return before;
    const after = cache.index.setReadingStatus(studyUid, status, cache.auditUser);
    cache.audit({ action: 'status', outcome: 'success', studyUid, at: after.changedAt, detail: `reading status ${before.status} → ${status} (${why})` });
    return after;
  });
}
