import { numberValue, numberValues, sequenceItems, stringValue, Tag } from '../model/dicomJsonAccess';
import { cross, normalize, type Vec3 } from './vec3';
import type { DicomJsonDataset } from '../model/dicomJson';

/** Where one frame lies in patient space (LPS, mm). */
export interface FrameGeometry {
  sopInstanceUid: string;
  /** 1-based frame number within its instance. */
  frame: number;
  position: Vec3;
  /** Direction of increasing column index (along a row). */
  rowCosines: Vec3;
  /** Direction of increasing row index (down a column). */
  columnCosines: Vec3;
  normal: Vec3;
  /** [between rows (vertical), between columns (horizontal)] in mm, PS3.3 10.7.1.3. */
  pixelSpacing: [number, number];
  /** Which attribute gave the spacing: calibrated patient spacing, detector spacing, or none. */
  spacingSource: 'PixelSpacing' | 'ImagerPixelSpacing' | 'none';
  rows: number;
  columns: number;
  sliceThickness?: number;
  instanceNumber?: number;
  acquisitionNumber?: number;
}

function vec(values: number[], at: number): Vec3 {
  return [values[at] ?? 0, values[at + 1] ?? 0, values[at + 2] ?? 0];
}

function planeFrom(
  ds: DicomJsonDataset,
  positionSrc: DicomJsonDataset | undefined,
  orientationSrc: DicomJsonDataset | undefined,
  measuresSrc: DicomJsonDataset | undefined,
  frame: number,
): FrameGeometry | undefined {
  const ipp = numberValues(positionSrc, Tag.ImagePositionPatient);
  const iop = numberValues(orientationSrc, Tag.ImageOrientationPatient);
  if (ipp.length < 3 || iop.length < 6) return undefined;
  const rowCosines = normalize(vec(iop, 0));
  const columnCosines = normalize(vec(iop, 3));
  const spacing = numberValues(measuresSrc, Tag.PixelSpacing);
  const imager = numberValues(ds, Tag.ImagerPixelSpacing);
  const spacingSource = spacing.length >= 2 ? 'PixelSpacing' : imager.length >= 2 ? 'ImagerPixelSpacing' : 'none';
  const chosen = spacing.length >= 2 ? spacing : imager.length >= 2 ? imager : [1, 1];
  const sliceThickness = numberValue(measuresSrc, Tag.SliceThickness);
  const instanceNumber = numberValue(ds, Tag.InstanceNumber);
  const acquisitionNumber = numberValue(ds, Tag.AcquisitionNumber);
  return {
    sopInstanceUid: stringValue(ds, Tag.SOPInstanceUID) ?? '',
    frame,
    position: vec(ipp, 0),
    rowCosines,
    columnCosines,
    normal: normalize(cross(rowCosines, columnCosines)),
    pixelSpacing: [chosen[0]!, chosen[1]!],
    spacingSource,
    rows: numberValue(ds, Tag.Rows) ?? 0,
    columns: numberValue(ds, Tag.Columns) ?? 0,
    ...(sliceThickness !== undefined ? { sliceThickness } : {}),
    ...(instanceNumber !== undefined ? { instanceNumber } : {}),
    ...(acquisitionNumber !== undefined ? { acquisitionNumber } : {}),
  };
}

/**
 * The geometry of every frame of an instance: one frame for classic images; for enhanced
 * multi-frame (PS3.3 C.7.6.16) each frame from its Per-Frame Functional Groups, falling back
 * to the Shared Functional Groups. Frames without a position are left out.
 */
export function frameGeometries(ds: DicomJsonDataset): FrameGeometry[] {
  const perFrame = sequenceItems(ds, Tag.PerFrameFunctionalGroupsSequence);
  if (perFrame.length === 0) {
    const g = planeFrom(ds, ds, ds, ds, 1);
    return g ? [g] : [];
  }
  const shared = sequenceItems(ds, Tag.SharedFunctionalGroupsSequence)[0];
  const pick = (frame: DicomJsonDataset, seq: string) => sequenceItems(frame, seq)[0] ?? sequenceItems(shared, seq)[0];
  const out: FrameGeometry[] = [];
  perFrame.forEach((frame, i) => {
    const g = planeFrom(ds, pick(frame, Tag.PlanePositionSequence), pick(frame, Tag.PlaneOrientationSequence), pick(frame, Tag.PixelMeasuresSequence), i + 1);
    if (g) out.push(g);
  });
  return out;
}
