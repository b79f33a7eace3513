import type { DicomJsonDataset } from '../../electron/common/dicom/model/dicomJson';

/** Header values of one PET instance, by PS3.6 keyword (what a test sets; everything else absent). */
export interface PetHeaderFields {
  SOPInstanceUID?: string;
  Units?: string;
  DecayCorrection?: string;
  CorrectedImage?: string[];
  PatientWeight?: number | string;
  PatientSize?: number | string;
  PatientSex?: string;
  SeriesDate?: string;
  SeriesTime?: string;
  AcquisitionDate?: string;
  AcquisitionTime?: string;
  FrameReferenceTime?: number;
  ActualFrameDuration?: number;
  RescaleSlope?: number;
  RescaleIntercept?: number;
  RadionuclideTotalDose?: number;
  RadionuclideHalfLife?: number;
  RadiopharmaceuticalStartTime?: string;
  RadiopharmaceuticalStartDateTime?: string;
  /** Philips (7053,1000) and (7053,1009), as the DS text the scanner writes. */
  PhilipsSUVScaleFactor?: string;
  PhilipsActivityConcentrationScaleFactor?: string;
  /** GE (0009,100D) DT. */
  GEPrivateScanDateTime?: string;
}

const TOP: Record<string, [string, string]> = {
  SOPInstanceUID: ['00080018', 'UI'],
  Units: ['00541001', 'CS'],
  DecayCorrection: ['00541102', 'CS'],
  CorrectedImage: ['00280051', 'CS'],
  PatientWeight: ['00101030', 'DS'],
  PatientSize: ['00101020', 'DS'],
  PatientSex: ['00100040', 'CS'],
  SeriesDate: ['00080021', 'DA'],
  SeriesTime: ['00080031', 'TM'],
  AcquisitionDate: ['00080022', 'DA'],
  AcquisitionTime: ['00080032', 'TM'],
  FrameReferenceTime: ['00541300', 'DS'],
  ActualFrameDuration: ['00181242', 'IS'],
  RescaleSlope: ['00281053', 'DS'],
  RescaleIntercept: ['00281052', 'DS'],
};
const RADIOPHARMACEUTICAL: Record<string, [string, string]> = {
  RadionuclideTotalDose: ['00181074', 'DS'],
  RadionuclideHalfLife: ['00181075', 'DS'],
  RadiopharmaceuticalStartTime: ['00181072', 'TM'],
  RadiopharmaceuticalStartDateTime: ['00181078', 'DT'],
};

/**
 * A PET instance's header in the DICOM JSON model, as our parser produces it (DS as numbers,
 * private attributes under their creator's block), from keyword values.
 */
export function petDataset(fields: PetHeaderFields): DicomJsonDataset {
  const attr = (vr: string, v: unknown) => {
    const values = Array.isArray(v) ? v : [v];
    return { vr, Value: vr === 'DS' || vr === 'IS' ? values.map(Number) : values.map(String) };
  };
  const ds: DicomJsonDataset = { '00080060': { vr: 'CS', Value: ['PT'] } };
  const item: DicomJsonDataset = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    if (TOP[key]) ds[TOP[key][0]] = attr(TOP[key][1], value);
    else if (RADIOPHARMACEUTICAL[key]) item[RADIOPHARMACEUTICAL[key][0]] = attr(RADIOPHARMACEUTICAL[key][1], value);
  }
  if (Object.keys(item).length) ds['00540016'] = { vr: 'SQ', Value: [item] };
  if (fields.PhilipsSUVScaleFactor !== undefined || fields.PhilipsActivityConcentrationScaleFactor !== undefined) {
    ds['70530010'] = { vr: 'LO', Value: ['Philips PET Private Group'] };
    if (fields.PhilipsSUVScaleFactor !== undefined) ds['70531000'] = { vr: 'DS', Value: [fields.PhilipsSUVScaleFactor] };
    if (fields.PhilipsActivityConcentrationScaleFactor !== undefined) ds['70531009'] = { vr: 'DS', Value: [fields.PhilipsActivityConcentrationScaleFactor] };
  }
  if (fields.GEPrivateScanDateTime !== undefined) {
    ds['00090010'] = { vr: 'LO', Value: ['GEMS_PETD_01'] };
    ds['0009100D'] = { vr: 'DT', Value: [fields.GEPrivateScanDateTime] };
  }
  return ds;
}
