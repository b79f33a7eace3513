import type { RawElement } from '../../deidentify/rawElementTree';
import { valueText } from '../../deidentify/replacementValues';
import { BLENDING_SEQUENCE, CONTENT_SEQUENCE, recordKeys } from './directoryRecordKeys';
import type { DirectoryRecordType } from './directoryRecordType';

/**
 * What a DICOMDIR needs of one file on the media: its File ID, the UIDs its record references,
 * and the few elements its records copy, kept byte for byte (character set and padding as the
 * instance has them). Made while the file is written, so that the DICOMDIR never re-reads a file
 * and an export of thousands of instances holds only these few bytes per instance.
 */
export interface RecordSource {
  /** Referenced File ID components (PS3.10 8.2), e.g. ['DICOM', 'PAT00001', …]. */
  fileId: string[];
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** The top-level elements the records may copy; values are copies, not views of the file. */
  elements: RawElement[];
}

export const SPECIFIC_CHARACTER_SET = 0x00080005;
export const SHARED_FUNCTIONAL_GROUPS = 0x52009229;
export const VERIFYING_OBSERVER_SEQUENCE = 0x0040a073;
const RELATIONSHIP_TYPE = 0x0040a010;

const LEVEL_TYPES = ['PATIENT', 'STUDY', 'SERIES'] as const;
const INSTANCE_TYPES: DirectoryRecordType[] = [
  'IMAGE', 'SR DOCUMENT', 'KEY OBJECT DOC', 'PRESENTATION', 'WAVEFORM', 'RT DOSE', 'RT STRUCTURE SET', 'RT PLAN', 'RT TREAT RECORD',
  'REGISTRATION', 'FIDUCIAL', 'RAW DATA', 'SPECTROSCOPY', 'ENCAP DOC', 'VALUE MAP', 'STEREOMETRIC', 'SURFACE', 'MEASUREMENT', 'PLAN',
  'SURFACE SCAN', 'TRACT', 'ASSESSMENT', 'RADIOTHERAPY',
];

/** Attributes read to group records, to stand in for a missing type 1 key (see `inventedValue`), or for INDEX.HTM (Series Description). */
const GROUPING_AND_FALLBACKS = [
  SPECIFIC_CHARACTER_SET, 0x0008103e, 0x00080012, 0x00080013, 0x00080021, 0x00080022, 0x00080031, 0x00080032, 0x0020000d, 0x0020000e, 0x00100010, 0x00100020,
  VERIFYING_OBSERVER_SEQUENCE, SHARED_FUNCTIONAL_GROUPS,
];

let keptTags: Set<number> | undefined;

/** Every tag any record of either key set may copy, plus those used to group and invent. */
function tagsToKeep(): Set<number> {
  if (keptTags) return keptTags;
  keptTags = new Set(GROUPING_AND_FALLBACKS);
  for (const type of [...LEVEL_TYPES, ...INSTANCE_TYPES]) for (const set of ['general', 'extended'] as const) for (const k of recordKeys(type, set)) keptTags.add(k.tag);
  return keptTags;
}

/** A deep copy, so that a kept element does not hold the whole file's buffer alive. */
export function copyElement(el: RawElement): RawElement {
  if (el.items) return { tag: el.tag, vr: el.vr, items: el.items.map((item) => item.map(copyElement)) };
  return { tag: el.tag, vr: el.vr, ...(el.value ? { value: el.value.slice() } : {}) };
}

/**
 * The record source of a file from its top-level raw elements. The Content Sequence keeps only
 * the items that modify the document title (HAS CONCEPT MOD, PS3.3 F.5.20): the rest of a report
 * never goes in the DICOMDIR. The Blending Sequence keeps the study and series it names.
 */
export function recordSourceOf(elements: RawElement[], file: Omit<RecordSource, 'elements'>): RecordSource {
  const keep = tagsToKeep();
  const kept: RawElement[] = [];
  for (const el of elements) {
    if (!keep.has(el.tag)) continue;
    if (el.tag === CONTENT_SEQUENCE) {
      const modifiers = (el.items ?? []).filter((item) => valueText(item.find((e) => e.tag === RELATIONSHIP_TYPE)?.value) === 'HAS CONCEPT MOD');
      if (modifiers.length) kept.push(copyElement({ ...el, items: modifiers }));
      continue;
    }
    if (el.tag === BLENDING_SEQUENCE) {
      kept.push(copyElement({ ...el, items: (el.items ?? []).map((item) => item.filter((e) => e.tag === 0x0020000d || e.tag === 0x00081115)) }));
      continue;
    }
    if (el.encapsulated) continue;
    kept.push(copyElement(el));
  }
  return { ...file, elements: kept };
}
