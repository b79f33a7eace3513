/**
 * PS3.10 File IDs for PDI media (PS3.10 8.2, PS3.12 Annex F): each component is 1 to 8 characters
 * of uppercase A–Z, digits and underscore, and a File ID has at most 8 components. Files go under
 * DICOM/ as DICOM/PAT00001/STU00001/SER00001/IMG00001: one folder per patient, study and series,
 * so that no folder holds more entries than a series has instances.
 */

export const MAX_COMPONENT_LENGTH = 8;
export const MAX_COMPONENTS = 8;
const COMPONENT = /^[A-Z0-9_]{1,8}$/;

/** Why a File ID is not a valid PS3.10 File ID, or undefined when it is. */
export function fileIdProblem(components: string[]): string | undefined {
  if (components.length === 0) return 'is empty';
  if (components.length > MAX_COMPONENTS) return `has ${components.length} components (at most ${MAX_COMPONENTS})`;
  const bad = components.find((c) => !COMPONENT.test(c));
  return bad === undefined ? undefined : `component "${bad}" is not 1–8 characters of A–Z, 0–9 and _`;
}

/**
 * `prefix` followed by `n` in the digits left (decimal while it fits, then base 36), e.g.
 * ('IMG', 7) → 'IMG00007', ('IMG', 123456) → 'IMG02N9C'.
 */
export function fileIdComponent(prefix: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new Error(`file ID counter ${n} must be a positive integer`);
  const digits = MAX_COMPONENT_LENGTH - prefix.length;
  const decimal = String(n);
  if (decimal.length <= digits) return `${prefix}${decimal.padStart(digits, '0')}`;
  const base36 = n.toString(36).toUpperCase();
  if (base36.length <= digits) return `${prefix}${base36.padStart(digits, '0')}`;
  throw new Error(`more than ${36 ** digits - 1} entries under one ${prefix} folder`);
}

/** Hands out File IDs per patient, study and series, in the order instances are written. */
export class MediaFileIds {
  private readonly patients = new Map<string, { name: string; studies: Map<string, { name: string; series: Map<string, { name: string; files: number }> }> }>();

  /** The File ID for the next instance of this patient (their ID, or name when there is none), study and series. */
  next(patientKey: string, studyUid: string, seriesUid: string): string[] {
    let patient = this.patients.get(patientKey);
    if (!patient) this.patients.set(patientKey, (patient = { name: fileIdComponent('PAT', this.patients.size + 1), studies: new Map() }));
    let study = patient.studies.get(studyUid);
    if (!study) patient.studies.set(studyUid, (study = { name: fileIdComponent('STU', patient.studies.size + 1), series: new Map() }));
    let series = study.series.get(seriesUid);
    if (!series) study.series.set(seriesUid, (series = { name: fileIdComponent('SER', study.series.size + 1), files: 0 }));
    series.files += 1;
    return ['DICOM', patient.name, study.name, series.name, fileIdComponent('IMG', series.files)];
  }
}
