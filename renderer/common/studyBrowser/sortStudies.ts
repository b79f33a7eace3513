import type { StudySummary } from '../../../electron/common/contract/hostContract';
import { studyColumn, type StudyColumnId } from './studyColumns';

export interface StudySort {
  column: StudyColumnId;
  direction: 'asc' | 'desc';
}

/** The browser opens newest first, as the host lists them. */
export const DEFAULT_SORT: StudySort = { column: 'date', direction: 'desc' };

/**
 * Sorted by the column; ties keep the host's order (newest first), so that equal names list their
 * studies newest first. Never sorts in place.
 */
export function sortStudies(studies: readonly StudySummary[], sort: StudySort): StudySummary[] {
  const compare = studyColumn(sort.column).compare;
  const sign = sort.direction === 'asc' ? 1 : -1;
  return studies
    .map((study, index) => ({ study, index }))
    .sort((a, b) => sign * compare(a.study, b.study) || a.index - b.index)
    .map((x) => x.study);
}

/** Clicking a header: the same column flips its direction; another column starts ascending (dates: newest first). */
export function nextSort(current: StudySort, column: StudyColumnId): StudySort {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: column === 'date' ? 'desc' : 'asc' };
}
