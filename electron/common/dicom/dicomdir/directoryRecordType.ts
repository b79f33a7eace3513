/**
 * Which Directory Record Type (0004,1430) an instance gets in a DICOMDIR (PS3.3 F.5, F.4 Table
 * F.4-1): IMAGE for every image SOP Class (Segmentation included), the dedicated record types for
 * the non-image objects. The assignment follows the standard's record definitions as dcmtk's
 * dcmmkdir applies them, so that our media and dcmmkdir's agree on what each file is.
 */
export type DirectoryRecordType =
  | 'IMAGE'
  | 'SR DOCUMENT'
  | 'KEY OBJECT DOC'
  | 'PRESENTATION'
  | 'WAVEFORM'
  | 'RT DOSE'
  | 'RT STRUCTURE SET'
  | 'RT PLAN'
  | 'RT TREAT RECORD'
  | 'REGISTRATION'
  | 'FIDUCIAL'
  | 'RAW DATA'
  | 'SPECTROSCOPY'
  | 'ENCAP DOC'
  | 'VALUE MAP'
  | 'STEREOMETRIC'
  | 'SURFACE'
  | 'MEASUREMENT'
  | 'PLAN'
  | 'SURFACE SCAN'
  | 'TRACT'
  | 'ASSESSMENT'
  | 'RADIOTHERAPY';

const SOP = '1.2.840.10008.5.1.4.1.1.';

/** Exact SOP Class UIDs of the non-image record types. */
const BY_SOP_CLASS: Record<string, DirectoryRecordType> = {
  [`${SOP}88.59`]: 'KEY OBJECT DOC',
  [`${SOP}78.6`]: 'SR DOCUMENT', // Spectacle Prescription Report
  [`${SOP}79.1`]: 'SR DOCUMENT', // Macular Grid Thickness and Volume Report
  [`${SOP}131`]: 'PRESENTATION', // Basic Structured Display
  [`${SOP}481.2`]: 'RT DOSE',
  [`${SOP}481.3`]: 'RT STRUCTURE SET',
  [`${SOP}481.5`]: 'RT PLAN',
  [`${SOP}481.8`]: 'RT PLAN', // RT Ion Plan
  [`${SOP}481.4`]: 'RT TREAT RECORD', // RT Beams Treatment Record
  [`${SOP}481.6`]: 'RT TREAT RECORD', // RT Brachy Treatment Record
  [`${SOP}481.7`]: 'RT TREAT RECORD', // RT Treatment Summary Record
  [`${SOP}481.9`]: 'RT TREAT RECORD', // RT Ion Beams Treatment Record
  [`${SOP}481.10`]: 'RADIOTHERAPY', // RT Physician Intent
  [`${SOP}481.11`]: 'RADIOTHERAPY', // RT Segment Annotation
  [`${SOP}66.1`]: 'REGISTRATION', // Spatial Registration
  [`${SOP}66.3`]: 'REGISTRATION', // Deformable Spatial Registration
  [`${SOP}66.2`]: 'FIDUCIAL', // Spatial Fiducials
  [`${SOP}66`]: 'RAW DATA',
  [`${SOP}66.5`]: 'SURFACE', // Surface Segmentation
  [`${SOP}66.6`]: 'TRACT', // Tractography Results
  [`${SOP}4.2`]: 'SPECTROSCOPY', // MR Spectroscopy
  [`${SOP}104.1`]: 'ENCAP DOC', // Encapsulated PDF
  [`${SOP}104.2`]: 'ENCAP DOC', // Encapsulated CDA
  [`${SOP}104.3`]: 'ENCAP DOC', // Encapsulated STL
  [`${SOP}67`]: 'VALUE MAP', // Real World Value Mapping
  [`${SOP}77.1.5.3`]: 'STEREOMETRIC', // Stereometric Relationship
  [`${SOP}78.1`]: 'MEASUREMENT', // Lensometry
  [`${SOP}78.2`]: 'MEASUREMENT', // Autorefraction
  [`${SOP}78.3`]: 'MEASUREMENT', // Keratometry
  [`${SOP}78.4`]: 'MEASUREMENT', // Subjective Refraction
  [`${SOP}78.5`]: 'MEASUREMENT', // Visual Acuity
  [`${SOP}78.7`]: 'MEASUREMENT', // Ophthalmic Axial Measurements
  [`${SOP}78.8`]: 'MEASUREMENT', // Intraocular Lens Calculations
  [`${SOP}80.1`]: 'MEASUREMENT', // Ophthalmic Visual Field Static Perimetry
  [`${SOP}68.1`]: 'SURFACE SCAN', // Surface Scan Mesh
  [`${SOP}68.2`]: 'SURFACE SCAN', // Surface Scan Point Cloud
  [`${SOP}90.1`]: 'ASSESSMENT', // Content Assessment Results
  '1.2.840.10008.5.1.4.34.7': 'PLAN', // RT Beams Delivery Instruction
  '1.2.840.10008.5.1.4.34.10': 'PLAN', // RT Brachy Application Setup Delivery Instruction
};

/** SOP Class families by prefix: every SR storage class, every presentation state, every waveform. */
const BY_PREFIX: Array<[string, DirectoryRecordType]> = [
  [`${SOP}88.`, 'SR DOCUMENT'],
  [`${SOP}11.`, 'PRESENTATION'],
  [`${SOP}9.`, 'WAVEFORM'],
];

export function directoryRecordTypeOf(sopClassUid: string): DirectoryRecordType {
  const exact = BY_SOP_CLASS[sopClassUid];
  if (exact) return exact;
  for (const [prefix, type] of BY_PREFIX) if (sopClassUid.startsWith(prefix)) return type;
  return 'IMAGE';
}
