import type { StudySummary } from '../../../electron/common/contract/hostContract';
import { READING_STATUS_LABELS, READING_STATUSES } from '../../../electron/common/studies/readingStatus';
import { formatDicomDate, formatPersonName } from '../formatDicomValues';

export type StudyColumnId = 'date' | 'name' | 'patientId' | 'accession' | 'modality' | 'description' | 'images' | 'status' | 'cache';

export interface StudyColumn {
  id: StudyColumnId;
  label: string;
  /** Initial width in CSS px: wide enough at 1920 px for the text a column usually holds. */
  width: number;
  /** Narrower than this a header or value stops being readable. */
  minWidth: number;
  /** The text a cell shows (the cache column's text also depends on retrieves: see cacheState.ts). */
  text(study: StudySummary): string;
  /** Ascending order of two studies by this column. */
  compare(a: StudySummary, b: StudySummary): number;
  align?: 'right';
}

const byText = (f: (s: StudySummary) => string) => (a: StudySummary, b: StudySummary) => f(a).localeCompare(f(b), undefined, { sensitivity: 'base', numeric: true });
const byNumber = (f: (s: StudySummary) => number) => (a: StudySummary, b: StudySummary) => f(a) - f(b);
const statusRank = (s: StudySummary): number => READING_STATUSES.indexOf(s.readingStatus ?? 'unread');

/** The study browser's columns, in their default order. */
export const STUDY_COLUMNS: readonly StudyColumn[] = [
  { id: 'date', label: 'Date', width: 110, minWidth: 80, text: (s) => formatDicomDate(s.studyDate), compare: byText((s) => s.studyDate) },
  { id: 'name', label: 'Patient', width: 300, minWidth: 100, text: (s) => formatPersonName(s.patientName), compare: byText((s) => formatPersonName(s.patientName)) },
  { id: 'patientId', label: 'Patient ID', width: 160, minWidth: 80, text: (s) => s.patientId, compare: byText((s) => s.patientId) },
  { id: 'accession', label: 'Accession', width: 140, minWidth: 80, text: (s) => s.accessionNumber, compare: byText((s) => s.accessionNumber) },
  { id: 'modality', label: 'Modality', width: 100, minWidth: 70, text: (s) => s.modalities.join('/'), compare: byText((s) => s.modalities.join('/')) },
  { id: 'description', label: 'Description', width: 420, minWidth: 100, text: (s) => s.studyDescription, compare: byText((s) => s.studyDescription) },
  { id: 'images', label: 'Images', width: 130, minWidth: 70, align: 'right', text: (s) => `${s.instanceCount} (${s.seriesCount} ser.)`, compare: byNumber((s) => s.instanceCount) },
  { id: 'status', label: 'Status', width: 110, minWidth: 80, text: (s) => READING_STATUS_LABELS[s.readingStatus ?? 'unread'], compare: byNumber(statusRank) },
  { id: 'cache', label: 'Cache', width: 190, minWidth: 80, text: (s) => String(s.sizeBytes), compare: byNumber((s) => s.sizeBytes) },
];

export function studyColumn(id: StudyColumnId): StudyColumn {
  return STUDY_COLUMNS.find((c) => c.id === id)!;
}
