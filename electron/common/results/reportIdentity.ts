import type { DocumentIdentity } from './sr/documentHeader';
import { nameBasedUid } from './nameBasedUid';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A Measurement Report's identity derived from what it reports, for an export that should give
 * the same file for the same saved annotations: one SR series per study (a re-export lands in
 * the same series), one SOP Instance per saved version of the study's annotations (a re-export
 * of an unchanged version is the same instance, so a PACS sees a duplicate, not a new report).
 * Content date and time are `at` in local time, as DICOM dates are.
 */
export function measurementReportIdentity(studyInstanceUid: string, annotationsVersion: number, at: Date): DocumentIdentity {
  return {
    seriesInstanceUid: nameBasedUid(`lightbox:sr-series:${studyInstanceUid}`),
    sopInstanceUid: nameBasedUid(`lightbox:sr:${studyInstanceUid}:${annotationsVersion}`),
    seriesNumber: 9901,
    instanceNumber: Math.max(1, annotationsVersion),
    seriesDescription: 'Lightbox measurements',
    contentDate: `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`,
    contentTime: `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`,
  };
}
