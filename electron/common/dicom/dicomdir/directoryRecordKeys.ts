import type { DirectoryRecordType } from './directoryRecordType';

/**
 * The keys each directory record copies from its instance (PS3.3 F.5), by attribute type:
 * 1 must have a value (invented when the instance has none, as dcmmkdir +I does), 2 is present
 * even when empty, 1C and 3 are copied when the instance has them.
 */
export type KeyType = '1' | '2' | '1C' | '3';

export interface RecordKey {
  tag: number;
  type: KeyType;
  /** Where else to look: enhanced multi-frame objects keep geometry in the Shared Functional Groups. */
  orSharedFunctionalGroups?: true;
}

/**
 * The key set: `general` for STD-GEN-CD (Explicit VR Little Endian only), `extended` for the
 * General Purpose DVD/BD/USB profiles with compression, whose Table "additional DICOMDIR keys"
 * (PS3.11 Annex D) adds patient, series and image keys.
 */
export type KeySet = 'general' | 'extended';

/** Sequences copied in a reduced form (PS3.3 F.5.20, F.5.23, F.5.27). */
export const CONTENT_SEQUENCE = 0x0040a730;
export const BLENDING_SEQUENCE = 0x00700402;
export const VERIFICATION_DATETIME = 0x0040a030;

const key = (tag: number, type: KeyType, orSharedFunctionalGroups = false): RecordKey => (orSharedFunctionalGroups ? { tag, type, orSharedFunctionalGroups: true } : { tag, type });

const INSTANCE_NUMBER = key(0x00200013, '1');
const CONTENT_DATE_TIME = [key(0x00080023, '1'), key(0x00080033, '1')];
/** REGISTRATION, FIDUCIAL, VALUE MAP, SURFACE, MEASUREMENT, TRACT share these (F.5.x "Content Identification"). */
const CONTENT_IDENTIFICATION = [...CONTENT_DATE_TIME, INSTANCE_NUMBER, key(0x00700080, '1'), key(0x00700081, '2'), key(0x00700084, '2')];
/** The image keys the compressed profiles add (PS3.11 D.3.3 and the DVD/BD/USB profiles' tables). */
const EXTENDED_IMAGE = [
  key(0x00280010, '1'), // Rows
  key(0x00280011, '1'), // Columns
  key(0x00080008, '1C'), // Image Type
  key(0x00500004, '1C'), // Calibration Image
  key(0x00282112, '1C'), // Lossy Image Compression Ratio
  key(0x00200052, '1C'), // Frame of Reference UID
  key(0x00200200, '1C'), // Synchronization Frame of Reference UID
  key(0x00280008, '1C'), // Number of Frames
  key(0x00181800, '1C'), // Acquisition Time Synchronized
  key(0x0008002a, '1C'), // Acquisition DateTime
  key(0x00081140, '1C', true), // Referenced Image Sequence
  key(0x00200032, '1C', true), // Image Position (Patient)
  key(0x00200037, '1C', true), // Image Orientation (Patient)
  key(0x00280030, '1C', true), // Pixel Spacing
];

const BY_TYPE: Record<'PATIENT' | 'STUDY' | 'SERIES' | DirectoryRecordType, { general: RecordKey[]; extended?: RecordKey[] }> = {
  PATIENT: { general: [key(0x00100020, '1'), key(0x00100010, '2')], extended: [key(0x00100030, '1C'), key(0x00100040, '1C')] },
  STUDY: {
    general: [key(0x00080020, '1'), key(0x00080030, '1'), key(0x00081030, '2'), key(0x0020000d, '1'), key(0x00200010, '1'), key(0x00080050, '2')],
  },
  SERIES: {
    general: [key(0x00080060, '1'), key(0x0020000e, '1'), key(0x00200011, '1')],
    extended: [key(0x00080080, '1C'), key(0x00080081, '1C'), key(0x00081050, '1C')],
  },
  IMAGE: { general: [INSTANCE_NUMBER, key(0x00080008, '1C'), key(0x00081140, '1C')], extended: EXTENDED_IMAGE },
  'SR DOCUMENT': {
    general: [INSTANCE_NUMBER, key(0x0040a491, '1'), key(0x0040a493, '1'), ...CONTENT_DATE_TIME, key(0x0040a043, '1'), key(VERIFICATION_DATETIME, '1C'), key(CONTENT_SEQUENCE, '1C')],
  },
  'KEY OBJECT DOC': { general: [INSTANCE_NUMBER, ...CONTENT_DATE_TIME, key(0x0040a043, '1'), key(CONTENT_SEQUENCE, '1C')] },
  PRESENTATION: {
    general: [INSTANCE_NUMBER, key(0x00700080, '1'), key(0x00700081, '2'), key(0x00700082, '1'), key(0x00700083, '1'), key(0x00700084, '2'), key(0x00081115, '1C'), key(BLENDING_SEQUENCE, '1C')],
  },
  WAVEFORM: { general: [INSTANCE_NUMBER, ...CONTENT_DATE_TIME] },
  'RT DOSE': { general: [INSTANCE_NUMBER, key(0x3004000a, '1'), key(0x30040006, '3'), key(0x00880200, '3')] },
  'RT STRUCTURE SET': { general: [INSTANCE_NUMBER, key(0x30060002, '1'), key(0x30060008, '2'), key(0x30060009, '2')] },
  'RT PLAN': { general: [INSTANCE_NUMBER, key(0x300a0002, '1'), key(0x300a0006, '2'), key(0x300a0007, '2')] },
  'RT TREAT RECORD': { general: [INSTANCE_NUMBER, key(0x30080250, '2'), key(0x30080251, '2')] },
  REGISTRATION: { general: CONTENT_IDENTIFICATION },
  FIDUCIAL: { general: CONTENT_IDENTIFICATION },
  'VALUE MAP': { general: CONTENT_IDENTIFICATION },
  SURFACE: { general: CONTENT_IDENTIFICATION },
  MEASUREMENT: { general: CONTENT_IDENTIFICATION },
  TRACT: { general: CONTENT_IDENTIFICATION },
  'RAW DATA': { general: [...CONTENT_DATE_TIME, key(0x00200013, '2')] },
  SPECTROSCOPY: {
    general: [
      key(0x00080008, '1'),
      ...CONTENT_DATE_TIME,
      INSTANCE_NUMBER,
      key(0x00089092, '1C'), // Referenced Image Evidence Sequence
      key(0x00280008, '1'),
      key(0x00280010, '1'),
      key(0x00280011, '1'),
      key(0x00289001, '1'), // Data Point Rows
      key(0x00289002, '1'), // Data Point Columns
    ],
  },
  'ENCAP DOC': {
    general: [key(0x00080023, '2'), key(0x00080033, '2'), INSTANCE_NUMBER, key(0x00420010, '2'), key(0x0040e001, '1C'), key(0x0040a043, '2'), key(0x00420012, '1')],
  },
  STEREOMETRIC: { general: [] },
  PLAN: { general: [] },
  'SURFACE SCAN': { general: CONTENT_DATE_TIME },
  ASSESSMENT: { general: [INSTANCE_NUMBER, key(0x00080012, '1'), key(0x00080013, '2')] },
  RADIOTHERAPY: { general: [INSTANCE_NUMBER, key(0x3010002d, '1C'), key(0x3010002e, '1C'), key(0x00700081, '2'), key(0x00700084, '2')] },
};

/** The keys of a record type in a key set (the extended set adds to the general one, without repeating a tag). */
export function recordKeys(type: 'PATIENT' | 'STUDY' | 'SERIES' | DirectoryRecordType, keySet: KeySet): RecordKey[] {
  const entry = BY_TYPE[type];
  if (keySet === 'general' || !entry.extended) return entry.general;
  const tags = new Set(entry.extended.map((k) => k.tag));
  return [...entry.general.filter((k) => !tags.has(k.tag)), ...entry.extended];
}
