import type { ReadingStatus, StudySearchQuery } from '../../../electron/common/contract/hostContract';
import { dateRangeOf, type DatePreset } from './datePresets';

/** What the reader set in the browser's filter row. */
export interface StudyBrowserFilters {
  /** Patient name, patient ID or accession number (any part of one). */
  text: string;
  datePreset: DatePreset;
  customFrom: string;
  customTo: string;
  /** '' : any modality. */
  modality: string;
  /** '' : any status. */
  status: ReadingStatus | '';
}

export const EMPTY_FILTERS: StudyBrowserFilters = { text: '', datePreset: 'any', customFrom: '', customTo: '', modality: '', status: '' };

/** The host search (`searchStudies`) the filters stand for on the day `now`; empty fields are left out. */
export function studyBrowserQuery(filters: StudyBrowserFilters, now: Date): StudySearchQuery {
  const studyDate = dateRangeOf(filters.datePreset, now, { from: filters.customFrom, to: filters.customTo });
  return {
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(studyDate ? { studyDate } : {}),
    ...(filters.modality ? { modality: filters.modality } : {}),
    ...(filters.status ? { readingStatus: filters.status } : {}),
  };
}
