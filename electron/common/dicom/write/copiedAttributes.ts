import type { DicomJsonDataset } from '../model/dicomJson';
import { CompositeTag as T, tagNumber } from '../model/compositeObjectTags';
import type { WriteElement } from './dicomWriter';

/**
 * Attributes a new object (a registration, presentation state, capture, report) copies unchanged
 * from an instance of the study it belongs to, so that it lands in the same patient and study.
 */

/** An attribute to copy: Type 2 ones can be written empty when the source lacks them; the others are left out then. */
export interface CopiedAttribute {
  key: string;
  vr: string;
  type2: boolean;
}

/** Patient (PS3.3 C.7.1.1) and General Study (C.7.2.1) attributes every derived object copies (Study Instance UID aside: writers take it from where they trust it). */
export const PATIENT_AND_STUDY: readonly CopiedAttribute[] = [
  { key: T.StudyDate, vr: 'DA', type2: true },
  { key: T.StudyTime, vr: 'TM', type2: true },
  { key: T.AccessionNumber, vr: 'SH', type2: true },
  { key: T.ReferringPhysicianName, vr: 'PN', type2: true },
  { key: T.PatientName, vr: 'PN', type2: true },
  { key: T.PatientID, vr: 'LO', type2: true },
  { key: T.IssuerOfPatientID, vr: 'LO', type2: false },
  { key: T.PatientBirthDate, vr: 'DA', type2: true },
  { key: T.PatientSex, vr: 'CS', type2: true },
  { key: T.StudyID, vr: 'SH', type2: true },
];

/**
 * How a person name is copied: its alphabetic group only (what the image writers have always
 * written), or all its component groups joined by `=` (PS3.5 6.2.1, what the SR documents keep).
 */
export type PersonNameCopy = 'alphabetic' | 'all-groups';

export interface CopyOptions {
  /** A Type 2 attribute the source lacks: written empty (the IOD requires it), or left out. */
  absentType2: 'empty' | 'omit';
  /** Alphabetic group only unless said otherwise. */
  personName?: PersonNameCopy;
}

/** The values of an attribute as text, null values as empty ones. */
export function copiedText(source: DicomJsonDataset, key: string, personName: PersonNameCopy = 'alphabetic'): string[] {
  return (source[key]?.Value ?? []).map((v) => {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'object') return String(v);
    const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
    if (personName === 'alphabetic') return String(pn.Alphabetic ?? '');
    return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
  });
}

/** The writer elements of `attributes` as the source has them. */
export function copiedAttributes(source: DicomJsonDataset, attributes: readonly CopiedAttribute[], options: CopyOptions): WriteElement[] {
  return attributes.flatMap(({ key, vr, type2 }) => {
    const strings = copiedText(source, key, options.personName);
    if (!strings.length && !(type2 && options.absentType2 === 'empty')) return [];
    return [{ tag: tagNumber(key), vr, strings }];
  });
}

/** The Patient and General Study attributes (PATIENT_AND_STUDY) as the source has them. */
export function copiedPatientAndStudy(source: DicomJsonDataset, options: CopyOptions): WriteElement[] {
  return copiedAttributes(source, PATIENT_AND_STUDY, options);
}
