import type { SeriesHead } from '../../common/hanging/studyFacts';
import type { StudyCache } from './studyCache';

/** A cached study's series heads and those of the patient's other cached studies (the prior candidates). */
export function hangingInput(cache: StudyCache, studyUid: string): { current: SeriesHead[]; others: SeriesHead[][] } | undefined {
  const current = cache.index.seriesOfStudy(studyUid);
  if (!current) return undefined;
  const patientId = String(current[0]?.first['00100020']?.Value?.[0] ?? '');
  const others = patientId
    ? cache.index
        .searchStudies({ patientId })
        .filter((s) => s.studyInstanceUid !== studyUid)
        .map((s) => cache.index.seriesOfStudy(s.studyInstanceUid) ?? [])
        .filter((heads) => heads.length > 0)
    : [];
  return { current, others };
}
