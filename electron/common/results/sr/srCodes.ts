/**
 * The coded concepts our structured reports write and read. Every value is taken from dcmtk's
 * code definitions (libdcmtk-dev 3.6.7, generated from PS3.16-2022b): the code headers
 * dcmtk/dcmsr/codes/{dcm,sct,ucum,umls}.h and the context group headers dcmtk/dcmsr/cmr/cid*.h,
 * which list each group's members; the file and name are given beside each code. Codes those
 * headers lack are marked with where they were checked instead.
 */

import type { CodedConcept } from '../codedConcepts';

/** A coded entry (PS3.3 Table 8.8-1): Code Value, Coding Scheme Designator, Code Meaning. */
export type Code = CodedConcept;

const code = (value: string, scheme: string, meaning: string): Code => ({ value, scheme, meaning });

/** Same concept: code value and scheme equal (the meaning is display text, PS3.3 8.1). */
export function sameCode(a: Code | undefined, b: Code | undefined): boolean {
  return !!a && !!b && a.value === b.value && a.scheme === b.scheme;
}

export const Codes = {
  // Document structure, TID 1500 / 1501 / 1600 (dcm.h).
  ImagingMeasurementReport: code('126000', 'DCM', 'Imaging Measurement Report'), // CODE_DCM_ImagingMeasurementReport
  ImagingMeasurements: code('126010', 'DCM', 'Imaging Measurements'), // CODE_DCM_ImagingMeasurements
  MeasurementGroup: code('125007', 'DCM', 'Measurement Group'), // CODE_DCM_MeasurementGroup
  ImageLibrary: code('111028', 'DCM', 'Image Library'), // CODE_DCM_ImageLibrary
  ImageLibraryGroup: code('126200', 'DCM', 'Image Library Group'), // CODE_DCM_ImageLibraryGroup
  Modality: code('121139', 'DCM', 'Modality'), // CODE_DCM_Modality
  FrameOfReferenceUID: code('112227', 'DCM', 'Frame of Reference UID'), // CODE_DCM_FrameOfReferenceUID
  TrackingIdentifier: code('112039', 'DCM', 'Tracking Identifier'), // CODE_DCM_TrackingIdentifier
  TrackingUniqueIdentifier: code('112040', 'DCM', 'Tracking Unique Identifier'), // CODE_DCM_TrackingUniqueIdentifier
  Finding: code('121071', 'DCM', 'Finding'), // CODE_DCM_Finding
  FindingSite: code('363698007', 'SCT', 'Finding Site'), // sct.h CODE_SCT_FindingSite
  Derivation: code('121401', 'DCM', 'Derivation'), // CODE_DCM_Derivation
  ImageRegion: code('111030', 'DCM', 'Image Region'), // CODE_DCM_ImageRegion
  ReferencedSegment: code('121191', 'DCM', 'Referenced Segment'), // CODE_DCM_ReferencedSegment
  QualitativeEvaluations: code('C0034375', 'UMLS', 'Qualitative Evaluations'), // umls.h CODE_UMLS_QualitativeEvaluations

  // Language (TID 1204) and observer context (TID 1001 / 1002 / 1004), dcm.h and cmr/cid5000.h.
  LanguageOfContent: code('121049', 'DCM', 'Language of Content Item and Descendants'), // CODE_DCM_LanguageOfContentItemAndDescendants
  EnglishUS: code('en-US', 'RFC5646', 'English (US)'), // cid5000.h EnglishUS
  ObserverType: code('121005', 'DCM', 'Observer Type'), // CODE_DCM_ObserverType
  Person: code('121006', 'DCM', 'Person'), // CODE_DCM_Person
  Device: code('121007', 'DCM', 'Device'), // CODE_DCM_Device
  PersonObserverName: code('121008', 'DCM', 'Person Observer Name'), // CODE_DCM_PersonObserverName
  DeviceObserverUID: code('121012', 'DCM', 'Device Observer UID'), // CODE_DCM_DeviceObserverUID
  DeviceObserverName: code('121013', 'DCM', 'Device Observer Name'), // CODE_DCM_DeviceObserverName
  DeviceObserverManufacturer: code('121014', 'DCM', 'Device Observer Manufacturer'), // CODE_DCM_DeviceObserverManufacturer
  ProcedureReported: code('121058', 'DCM', 'Procedure reported'), // CODE_DCM_ProcedureReported

  // Measurements: CID 7470 (linear), 7471 (area) as included in cmr/cid7469.h; angle concepts.
  Length: code('410668003', 'SCT', 'Length'), // cid7469.h, from CID 7470
  Area: code('42798000', 'SCT', 'Area'), // cid7469.h, from CID 7471
  Angle: code('110859', 'DCM', 'Angle'), // dcm.h CODE_DCM_Angle (no CID 7469 member is a plain angle)
  // CID 7550 Angle Measurement; not in dcmtk's headers: checked against the FHIR rendering of
  // PS3.16 CID 7550 (bvdh/dicom-terminology-in-fhir ValueSet-dicom-cid-7550) and dcmjs's CobbAngle.
  CobbAngle: code('285285000', 'SCT', 'Cobb angle'),

  // Region statistics: CID 7464 General Region of Interest Measurement Modifiers (cmr/cid7464.h).
  Mean: code('373098007', 'SCT', 'Mean'),
  StandardDeviation: code('386136009', 'SCT', 'Standard Deviation'),
  Minimum: code('255605001', 'SCT', 'Minimum'),
  Maximum: code('56851009', 'SCT', 'Maximum'),

  // Intensity quantities: CID 7180 members as included in cmr/cid7469.h (and dcm.h).
  AttenuationCoefficient: code('112031', 'DCM', 'Attenuation Coefficient'), // CODE_DCM_AttenuationCoefficient
  SUVbw: code('126401', 'DCM', 'SUVbw'), // CODE_DCM_SUVbw
  NuclearMedicineTomographicActivity: code('110821', 'DCM', 'Nuclear Medicine Tomographic Activity'), // CODE_DCM_NuclearMedicineTomographicActivity
  MRSignalIntensity: code('110852', 'DCM', 'MR signal intensity'), // CODE_DCM_MRSignalIntensity

  // Procedures: CID 100 Quantitative Diagnostic Imaging Procedures (cmr/cid100.h).
  ImagingProcedure: code('363679005', 'SCT', 'Imaging procedure'),
  CtUnspecifiedBodyRegion: code('25045-6', 'LN', 'CT unspecified body region'),
  MriUnspecifiedBodyRegion: code('25056-3', 'LN', 'MRI unspecified body region'),
  NmUnspecifiedBodyRegion: code('49118-3', 'LN', 'NM unspecified body region'),
  PetUnspecifiedBodyRegion: code('44136-0', 'LN', 'PET unspecified body region'),
} as const;

/**
 * Units (UCUM), as CID 7181 Abstract Multi-dimensional Image Model Component Units lists them
 * (cmr/cid7181.h, which includes CID 7460/7461 lengths and areas, CID 84/85 PET units) and
 * ucum.h for degrees and pixels. SUVbw is `g/ml{SUVbw}` since PS3.16 2019; older reports (dcmqi's
 * sample) write `{SUVbw}g/ml`: the reader takes both as the same unit.
 */
export const Units = {
  mm: code('mm', 'UCUM', 'millimeter'), // cid7181.h, from CID 7460
  mm2: code('mm2', 'UCUM', 'square millimeter'), // cid7181.h, from CID 7461
  deg: code('deg', 'UCUM', 'deg'), // ucum.h CODE_UCUM_Degrees
  pixels: code('{pixels}', 'UCUM', 'pixels'), // ucum.h CODE_UCUM_Pixels
  hounsfield: code("[hnsf'U]", 'UCUM', 'Hounsfield Unit'), // cid7181.h
  suvbw: code('g/ml{SUVbw}', 'UCUM', 'Standardized Uptake Value body weight'), // cid7181.h, from CID 85
  becquerelsPerMl: code('Bq/ml', 'UCUM', 'Becquerels/milliliter'), // cid7181.h, from CID 84
  arbitrary: code("[arb'U]", 'UCUM', 'arbitrary unit'), // cid7181.h
} as const;

/** Both spellings of the SUVbw unit (see `Units`). */
export const SUVBW_UNIT_VALUES = new Set(['g/ml{SUVbw}', '{SUVbw}g/ml']);

/** CID 29 Acquisition Modality (cmr/cid29.h): the modalities we name in Image Library groups. */
export const MODALITY_CODES: Record<string, Code> = {
  CR: code('CR', 'DCM', 'Computed Radiography'),
  CT: code('CT', 'DCM', 'Computed Tomography'),
  DX: code('DX', 'DCM', 'Digital Radiography'),
  MG: code('MG', 'DCM', 'Mammography'),
  MR: code('MR', 'DCM', 'Magnetic Resonance'),
  NM: code('NM', 'DCM', 'Nuclear Medicine'),
  PT: code('PT', 'DCM', 'Positron emission tomography'),
  RF: code('RF', 'DCM', 'Radiofluoroscopy'),
  US: code('US', 'DCM', 'Ultrasound'),
  XA: code('XA', 'DCM', 'X-Ray Angiography'),
};
