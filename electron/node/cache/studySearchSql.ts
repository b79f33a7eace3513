import type { StudySearchQuery } from '../../common/contract/hostContract';
import { parseReadingStatuses } from '../../common/studies/readingStatus';

// Pure query building for CacheIndex.searchStudies (no database here: tested on its own). The
// aliases are the search's: p patients, s studies, rs reading_status (LEFT JOINed; no row: unread).

export function foldText(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * DICOM wildcards (`*`, `?`) → a GLOB pattern over the folded text. GLOB is case-sensitive, which
 * is what lets SQLite use the index for a prefix (`muller*`); case and accents are folded first.
 */
export function globPattern(pattern: string, fold = true): string {
  return (fold ? foldText(pattern) : pattern).replace(/[[\]]/g, (c) => `[${c}]`);
}

/** A query value that is not usable: the route answers 400 with the message. */
export class StudySearchError extends Error {}

const DATE_RANGE = /^(\d{8})?(-(\d{8})?)?$/;

/** `A-B`, `A-`, `-B` or `A` (DICOM DA range, PS3.4 C.2.2.2.5) → its bounds; throws on anything else. */
export function studyDateBounds(range: string): { from?: string; to?: string } {
  const m = DATE_RANGE.exec(range);
  if (!m || range === '-') throw new StudySearchError(`studyDate must be YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD; got "${range}"`);
  if (!m[2]) return { from: m[1], to: m[1] };
  const bounds = { ...(m[1] ? { from: m[1] } : {}), ...(m[3] ? { to: m[3] } : {}) };
  if (bounds.from && bounds.to && bounds.from > bounds.to) throw new StudySearchError(`studyDate range ends before it starts: "${range}"`);
  return bounds;
}

/** The text box: anywhere in the name (folded), the patient ID or the accession, unless the reader typed wildcards. */
function containsPattern(text: string): string {
  const folded = globPattern(text.trim());
  return /[*?]/.test(folded) ? folded : `*${folded}*`;
}

/** WHERE clauses (ANDed) and their arguments for a study search. */
export function studySearchWhere(query: StudySearchQuery): { where: string[]; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, ...values: unknown[]): void => {
    where.push(clause);
    args.push(...values);
  };
  if (query.studyInstanceUid) add('s.study_uid = ?', query.studyInstanceUid);
  if (query.patientName) add('p.name_folded GLOB ?', globPattern(query.patientName));
  if (query.patientId) add('p.patient_id GLOB ?', globPattern(query.patientId, false));
  if (query.accessionNumber) add('s.accession = ?', query.accessionNumber);
  if (query.text?.trim()) {
    const pattern = containsPattern(query.text);
    add('(p.name_folded GLOB ? OR lower(p.patient_id) GLOB ? OR lower(s.accession) GLOB ?)', pattern, pattern, pattern);
  }
  if (query.studyDate) {
    const { from, to } = studyDateBounds(query.studyDate);
    if (from) add('s.study_date >= ?', from);
    if (to) add('s.study_date <= ?', to);
  }
  // Modalities are stored `\CT\PT\`: a whole code matches, never part of one.
  if (query.modality) add('instr(s.modalities, ?) > 0', `\\${query.modality.toUpperCase()}\\`);
  if (query.readingStatus) {
    let statuses;
    try {
      statuses = parseReadingStatuses(query.readingStatus);
    } catch (error) {
      throw new StudySearchError((error as Error).message);
    }
    if (statuses.length) add(`coalesce(rs.status, 'unread') IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
  }
  return { where, args };
}
