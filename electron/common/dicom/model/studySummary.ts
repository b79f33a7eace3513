import type { StudySearchQuery, StudySummary } from '../../contract/hostContract';
import { stringValue, Tag } from './dicomJsonAccess';
import type { DicomJsonDataset } from './dicomJson';

/** DICOM wildcard matching (PS3.4 C.2.2.2.4: `*` any run, `?` one character), case- and accent-insensitive. */
export function matchesWildcard(value: string, pattern: string): boolean {
  const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const regex = new RegExp(`^${fold(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return regex.test(fold(value));
}

/** DICOM date range `A-B`, `A-`, `-B` or a single date, against a DA value. */
export function matchesDateRange(date: string, range: string): boolean {
  const [from, to] = range.includes('-') ? range.split('-') : [range, range];
  return (!from || date >= from) && (!to || date <= to);
}

export function matchesStudyQuery(study: StudySummary, query: StudySearchQuery): boolean {
  if (query.patientName && !matchesWildcard(study.patientName, query.patientName)) return false;
  if (query.patientId && !matchesWildcard(study.patientId, query.patientId)) return false;
  if (query.accessionNumber && !matchesWildcard(study.accessionNumber, query.accessionNumber)) return false;
  if (query.studyDate && !matchesDateRange(study.studyDate, query.studyDate)) return false;
  if (query.modality && !study.modalities.includes(query.modality.toUpperCase())) return false;
  return true;
}

/** A study summary from its instances' data sets (first instance for study-level attributes). */
export function summarizeStudy(instances: Array<{ dataset: DicomJsonDataset; sizeBytes: number }>): StudySummary {
  const first = instances[0]!.dataset;
  const series = new Set(instances.map((i) => stringValue(i.dataset, Tag.SeriesInstanceUID)));
  const modalities = [...new Set(instances.map((i) => stringValue(i.dataset, Tag.Modality) ?? '').filter(Boolean))].sort();
  return {
    studyInstanceUid: stringValue(first, Tag.StudyInstanceUID) ?? '',
    patientName: stringValue(first, Tag.PatientName) ?? '',
    patientId: stringValue(first, Tag.PatientID) ?? '',
    accessionNumber: stringValue(first, Tag.AccessionNumber) ?? '',
    studyDate: stringValue(first, Tag.StudyDate) ?? '',
    studyDescription: stringValue(first, Tag.StudyDescription) ?? '',
    modalities,
    seriesCount: series.size,
    instanceCount: instances.length,
    sizeBytes: instances.reduce((n, i) => n + i.sizeBytes, 0),
    pinned: false,
  };
}
