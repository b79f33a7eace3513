import type { DicomJsonDataset } from './dicomJson';

/** Typed reads from a DICOM JSON data set. Tags are the 8-hex-digit keys, e.g. `00280010`. */
export function stringValue(ds: DicomJsonDataset | undefined, tag: string): string | undefined {
  const v = ds?.[tag]?.Value?.[0];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return (v as { Alphabetic?: string }).Alphabetic ?? '';
  return String(v);
}

export function stringValues(ds: DicomJsonDataset | undefined, tag: string): string[] {
  return (ds?.[tag]?.Value ?? []).map((v) => (v === null ? '' : typeof v === 'object' ? ((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v)));
}

export function numberValue(ds: DicomJsonDataset | undefined, tag: string): number | undefined {
  const v = ds?.[tag]?.Value?.[0];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function numberValues(ds: DicomJsonDataset | undefined, tag: string): number[] {
  return (ds?.[tag]?.Value ?? []).map((v) => (typeof v === 'number' ? v : Number(v))).filter((n) => Number.isFinite(n));
}

export function sequenceItems(ds: DicomJsonDataset | undefined, tag: string): DicomJsonDataset[] {
  const attr = ds?.[tag];
  return attr?.vr === 'SQ' ? ((attr.Value ?? []) as DicomJsonDataset[]) : [];
}

/** Numbers of a US/SS/OW value, whether given as Value or as InlineBinary (little endian). */
export function wordValues(ds: DicomJsonDataset | undefined, tag: string, signed: boolean): number[] {
  const attr = ds?.[tag];
  if (!attr) return [];
  if (attr.Value) return attr.Value.map(Number);
  if (!attr.InlineBinary) return [];
  const bytes = Uint8Array.from(atob(attr.InlineBinary), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const out: number[] = [];
  for (let o = 0; o + 2 <= bytes.length; o += 2) out.push(signed ? view.getInt16(o, true) : view.getUint16(o, true));
  return out;
}

/** Keys of the attributes this codebase reads, by PS3.6 keyword. */
export const Tag = {
  SpecificCharacterSet: '00080005',
  ImageType: '00080008',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  AcquisitionDate: '00080022',
  StudyTime: '00080030',
  AccessionNumber: '00080050',
  Modality: '00080060',
  InstitutionName: '00080080',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  PatientName: '00100010',
  PatientID: '00100020',
  IssuerOfPatientID: '00100021',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  BodyPartExamined: '00180015',
  SliceThickness: '00180050',
  SpacingBetweenSlices: '00180088',
  GantryDetectorTilt: '00181120',
  ConvolutionKernel: '00181210',
  ImagerPixelSpacing: '00181164',
  ContrastBolusAgent: '00180010',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  AcquisitionNumber: '00200012',
  InstanceNumber: '00200013',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  FrameOfReferenceUID: '00200052',
  SliceLocation: '00201041',
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  PlanarConfiguration: '00280006',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  PixelSpacing: '00280030',
  BitsAllocated: '00280100',
  BitsStored: '00280101',
  HighBit: '00280102',
  PixelRepresentation: '00280103',
  SmallestImagePixelValue: '00280106',
  LargestImagePixelValue: '00280107',
  PixelPaddingValue: '00280120',
  PixelPaddingRangeLimit: '00280121',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  RescaleIntercept: '00281052',
  RescaleSlope: '00281053',
  RescaleType: '00281054',
  WindowCenterWidthExplanation: '00281055',
  VOILUTFunction: '00281056',
  RedPaletteColorLookupTableDescriptor: '00281101',
  GreenPaletteColorLookupTableDescriptor: '00281102',
  BluePaletteColorLookupTableDescriptor: '00281103',
  RedPaletteColorLookupTableData: '00281201',
  GreenPaletteColorLookupTableData: '00281202',
  BluePaletteColorLookupTableData: '00281203',
  ModalityLUTSequence: '00283000',
  LUTDescriptor: '00283002',
  LUTExplanation: '00283003',
  ModalityLUTType: '00283004',
  LUTData: '00283006',
  VOILUTSequence: '00283010',
  PresentationLUTShape: '20500020',
  SharedFunctionalGroupsSequence: '52009229',
  PerFrameFunctionalGroupsSequence: '52009230',
  PixelMeasuresSequence: '00289110',
  PlanePositionSequence: '00209113',
  PlaneOrientationSequence: '00209116',
  FrameVOILUTSequence: '00289132',
  PixelValueTransformationSequence: '00289145',
  FrameContentSequence: '00209111',
  StackID: '00209056',
  InStackPositionNumber: '00209057',
  DimensionIndexValues: '00209157',
  PixelData: '7FE00010',
  FloatPixelData: '7FE00008',
  DoubleFloatPixelData: '7FE00009',
} as const;
