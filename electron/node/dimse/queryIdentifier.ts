import { lookupTag, tagForKeyword, tagToKey } from '../../common/dicom/dictionary/dataDictionary';
import type { WriteElement } from '../../common/dicom/write/dicomWriter';

export type QueryLevel = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
export const QUERY_LEVELS: QueryLevel[] = ['PATIENT', 'STUDY', 'SERIES', 'IMAGE'];

/** Matching keys (value: a DICOM matching pattern — wildcard `*`/`?`, range `A-B`, list `A\B`) and return keys (empty value). */
export type QueryKeys = Record<string, string>;

/** The return keys asked for by default at each level (PS3.4 C.6.2.1, plus what a study list shows). */
export const DEFAULT_RETURN_KEYS: Record<QueryLevel, string[]> = {
  PATIENT: ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'NumberOfPatientRelatedStudies'],
  STUDY: [
    'PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyInstanceUID', 'StudyDate', 'StudyTime', 'AccessionNumber',
    'StudyID', 'StudyDescription', 'ModalitiesInStudy', 'ReferringPhysicianName', 'NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances',
  ],
  SERIES: ['StudyInstanceUID', 'SeriesInstanceUID', 'Modality', 'SeriesNumber', 'SeriesDescription', 'BodyPartExamined', 'NumberOfSeriesRelatedInstances'],
  IMAGE: ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'SOPClassUID', 'InstanceNumber'],
};

/** A keyword (`PatientName`) or tag (`00100010`, `0010,0010`) → tag number; throws naming the bad key. */
export function queryTag(key: string): number {
  const hex = key.replace(/[(),]/g, '');
  if (/^[0-9a-fA-F]{8}$/.test(hex)) return parseInt(hex, 16) >>> 0;
  const tag = tagForKeyword(key);
  if (tag === undefined) throw new Error(`unknown attribute "${key}" in the query (use a PS3.6 keyword such as PatientName, or a tag such as 00100010)`);
  return tag;
}

/** `["PatientName=DOE*", "StudyDate=20240101-"]` → keys. */
export function parseQueryArguments(args: string[]): QueryKeys {
  const keys: QueryKeys = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new Error(`query term "${arg}" is not KEY=VALUE`);
    keys[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return keys;
}

/** The C-FIND/C-MOVE/C-GET identifier: Query/Retrieve Level, the default return keys, then the caller's keys. */
export function buildIdentifier(level: QueryLevel, keys: QueryKeys, withDefaults = true): WriteElement[] {
  const values = new Map<number, string>();
  if (withDefaults) for (const keyword of DEFAULT_RETURN_KEYS[level]) values.set(tagForKeyword(keyword)!, '');
  for (const [key, value] of Object.entries(keys)) values.set(queryTag(key), value);
  values.set(0x00080052, level);
  return [...values].map(([tag, value]) => {
    const vr = lookupTag(tag)?.vr.split(' or ')[0] ?? 'LO';
    if (vr === 'SQ') throw new Error(`sequence attribute ${tagToKey(tag)} cannot be a query key here`);
    if (vr === 'US' || vr === 'UL' || vr === 'SS' || vr === 'SL') return value === '' ? { tag, vr, bytes: new Uint8Array(0) } : { tag, vr, numbers: [Number(value)] };
    return { tag, vr, strings: value === '' ? [] : [value] };
  });
}
