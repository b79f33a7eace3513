import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValue, numberValues, sequenceItems, stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { ResultTag } from '../resultTags';
import type { Rgb } from '../seg/cielab';
import type { ContourImageRef, RtContour, RtStructure, RtStructureSet } from './rtStructModel';

/** RT Structure Set Storage (PS3.4 B.5). */
export const RT_STRUCTURE_SET_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.481.3';

function imageRefs(items: DicomJsonDataset[]): ContourImageRef[] {
  return items.flatMap((item) => {
    const sopInstanceUid = stringValue(item, ResultTag.ReferencedSOPInstanceUID);
    if (!sopInstanceUid) return [];
    const sopClassUid = stringValue(item, ResultTag.ReferencedSOPClassUID);
    const frames = numberValues(item, ResultTag.ReferencedFrameNumber);
    return (frames.length ? frames : [1]).map((frame) => ({ sopInstanceUid, ...(sopClassUid ? { sopClassUid } : {}), frame }));
  });
}

function colorOf(item: DicomJsonDataset | undefined): Rgb | undefined {
  const c = numberValues(item, ResultTag.ROIDisplayColor);
  return c.length >= 3 ? ([c[0]!, c[1]!, c[2]!].map((v) => Math.min(255, Math.max(0, Math.round(v)))) as Rgb) : undefined;
}

function contoursOf(item: DicomJsonDataset | undefined, roiNumber: number, warnings: string[]): RtContour[] {
  return sequenceItems(item, ResultTag.ContourSequence).flatMap((c, index): RtContour[] => {
    const data = numberValues(c, ResultTag.ContourData);
    if (data.length < 3) {
      warnings.push(`ROI ${roiNumber}, contour ${index + 1}: no Contour Data; skipped`);
      return [];
    }
    if (data.length % 3 !== 0) warnings.push(`ROI ${roiNumber}, contour ${index + 1}: ${data.length} Contour Data values are not whole (x, y, z) points; the last ${data.length % 3} dropped`);
    const stated = numberValue(c, ResultTag.NumberOfContourPoints);
    const points = Float64Array.from(data.slice(0, data.length - (data.length % 3)));
    if (stated !== undefined && stated !== points.length / 3) warnings.push(`ROI ${roiNumber}, contour ${index + 1}: Number of Contour Points says ${stated}, Contour Data holds ${points.length / 3}`);
    const contourNumber = numberValue(c, ResultTag.ContourNumber);
    return [
      {
        geometricType: stringValue(c, ResultTag.ContourGeometricType)?.trim() || 'CLOSED_PLANAR',
        points,
        ...(contourNumber !== undefined ? { contourNumber } : {}),
        images: imageRefs(sequenceItems(c, ResultTag.ContourImageSequence)),
      },
    ];
  });
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/**
 * Reads an RT Structure Set (PS3.3 A.19): each ROI of the Structure Set ROI Sequence with its
 * display colour and contours (ROI Contour Sequence, joined by Referenced ROI Number) and its
 * interpreted type (RT ROI Observations). Contours stay in patient coordinates; place them on an
 * image with `matchContoursToImages` and `projectContour`.
 */
export function parseRtStruct(ds: DicomJsonDataset): RtStructureSet {
  const warnings: string[] = [];
  const contourItems = new Map<number, DicomJsonDataset>();
  for (const item of sequenceItems(ds, ResultTag.ROIContourSequence)) {
    const n = numberValue(item, ResultTag.ReferencedROINumber);
    if (n === undefined) warnings.push('an ROI Contour item names no ROI (Referenced ROI Number); skipped');
    else contourItems.set(n, item);
  }
  const observations = new Map<number, DicomJsonDataset>();
  for (const item of sequenceItems(ds, ResultTag.RTROIObservationsSequence)) {
    const n = numberValue(item, ResultTag.ReferencedROINumber);
    if (n !== undefined && !observations.has(n)) observations.set(n, item);
  }

  const described = new Set<number>();
  const structures = sequenceItems(ds, ResultTag.StructureSetROISequence).map((roi, index): RtStructure => {
    const roiNumber = numberValue(roi, ResultTag.ROINumber) ?? index + 1;
    described.add(roiNumber);
    const contourItem = contourItems.get(roiNumber);
    const observation = observations.get(roiNumber);
    return {
      roiNumber,
      name: stringValue(roi, ResultTag.ROIName) ?? `ROI ${roiNumber}`,
      ...defined({
        description: stringValue(roi, ResultTag.ROIDescription),
        generationAlgorithm: stringValue(roi, ResultTag.ROIGenerationAlgorithm),
        frameOfReferenceUid: stringValue(roi, ResultTag.ReferencedFrameOfReferenceUID),
        color: colorOf(contourItem),
        interpretedType: stringValue(observation, ResultTag.RTROIInterpretedType),
        observationLabel: stringValue(observation, ResultTag.ROIObservationLabel),
      }),
      contours: contoursOf(contourItem, roiNumber, warnings),
    };
  });
  for (const n of contourItems.keys()) if (!described.has(n)) warnings.push(`ROI Contour item for ROI ${n}, which the Structure Set ROI Sequence does not describe; skipped`);

  const frames = sequenceItems(ds, ResultTag.ReferencedFrameOfReferenceSequence);
  const referencedImages = imageRefs(
    frames
      .flatMap((f) => sequenceItems(f, ResultTag.RTReferencedStudySequence))
      .flatMap((s) => sequenceItems(s, ResultTag.RTReferencedSeriesSequence))
      .flatMap((s) => sequenceItems(s, ResultTag.ContourImageSequence)),
  );
  return {
    sopInstanceUid: stringValue(ds, Tag.SOPInstanceUID) ?? '',
    ...defined({
      seriesInstanceUid: stringValue(ds, Tag.SeriesInstanceUID),
      studyInstanceUid: stringValue(ds, Tag.StudyInstanceUID),
      label: stringValue(ds, ResultTag.StructureSetLabel),
      name: stringValue(ds, ResultTag.StructureSetName),
      description: stringValue(ds, ResultTag.StructureSetDescription),
      date: stringValue(ds, ResultTag.StructureSetDate),
      time: stringValue(ds, ResultTag.StructureSetTime),
    }),
    frameOfReferenceUids: frames.map((f) => stringValue(f, Tag.FrameOfReferenceUID)).filter((u): u is string => !!u),
    referencedImages,
    structures,
    warnings,
  };
}
