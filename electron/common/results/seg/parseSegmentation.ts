import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValue, stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { describePixels } from '../../dicom/model/pixelDescription';
import { imagePlanesOf, matchPlane, planeSet, type ImagePlane, type PlaneSet } from '../imagePlanes';
import { ResultTag } from '../resultTags';
import { readSegments } from './segmentDescriptions';
import { readSegFrames, referencedInstances, type SegFrameInfo } from './segmentationFrames';
import type { Segmentation, SegmentationType, SegmentInfo, SegmentMask, SourceFrameRef, SourceMatch } from './segmentationModel';
import type { SegmentationFrameSource } from './segmentationPixels';

/** Segmentation Storage and Label Map Segmentation Storage (PS3.4 B.5). */
export const SEGMENTATION_SOP_CLASSES: readonly string[] = ['1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.66.7'];

export interface ParseSegmentationOptions {
  /**
   * Planes of the images the SEG may lie on (`imagePlanesOf` of each source instance): frames
   * whose Derivation Image Sequence is absent are matched to them by position.
   */
  sourceImages?: readonly ImagePlane[];
  /** Distance (mm) within which a frame matches a source plane; default half the slice thickness. */
  toleranceMm?: number;
}

type FrameGeometryPart = Pick<SegmentMask, 'imagePositionPatient' | 'imageOrientationPatient' | 'pixelSpacing' | 'sliceThickness' | 'spacingBetweenSlices'>;

function geometryPart(plane: ImagePlane | undefined): FrameGeometryPart {
  if (!plane) return {};
  return {
    imagePositionPatient: plane.position,
    imageOrientationPatient: [...plane.rowCosines, ...plane.columnCosines],
    ...(plane.spacingSource !== 'none' ? { pixelSpacing: plane.pixelSpacing } : {}),
    ...(plane.sliceThickness !== undefined ? { sliceThickness: plane.sliceThickness } : {}),
    ...(plane.spacingBetweenSlices !== undefined ? { spacingBetweenSlices: plane.spacingBetweenSlices } : {}),
  };
}

/** The source of a frame: its derivation; else the source plane it lies on; else the only referenced instance. */
function resolveSources(
  info: SegFrameInfo,
  plane: ImagePlane | undefined,
  sources: PlaneSet | undefined,
  onlyInstance: SourceFrameRef | undefined,
  frameOfReferenceUid: string | undefined,
): { sources: SourceFrameRef[]; matchedBy?: SourceMatch } {
  if (info.sources.length) return { sources: info.sources, matchedBy: 'derivation' };
  if (plane && sources) {
    const match = matchPlane([plane.position], sources, { normal: plane.normal, ...(frameOfReferenceUid ? { frameOfReferenceUid } : {}) });
    if (match) return { sources: [{ sopInstanceUid: match.plane.sopInstanceUid, frame: match.plane.frame }], matchedBy: 'position' };
  }
  if (onlyInstance) return { sources: [onlyInstance], matchedBy: 'only-referenced-instance' };
  return { sources: [] };
}

function segmentationTypeOf(ds: DicomJsonDataset, bitsAllocated: number): SegmentationType {
  const stated = stringValue(ds, ResultTag.SegmentationType)?.trim();
  if (stated === 'BINARY' || stated === 'FRACTIONAL' || stated === 'LABELMAP') return stated;
  // Missing or unknown: the pixel depth says which encoding it can be.
  return bitsAllocated === 1 ? 'BINARY' : 'FRACTIONAL';
}

/**
 * Reads a DICOM Segmentation (PS3.3 A.51) into segment descriptions and per-frame masks.
 * `dataset` is its DICOM JSON header; `frames` gives each frame's pixel values (any transfer
 * syntax, decoded by the caller). Each frame is read once. BINARY and FRACTIONAL frames give one
 * mask each, for the segment their Segment Identification names; a LABELMAP frame gives a mask
 * for every described segment whose number appears in it (Pixel Padding Value is no segment, nor
 * is an undescribed 0).
 */
export function parseSegmentation(dataset: DicomJsonDataset, frames: SegmentationFrameSource, options: ParseSegmentationOptions = {}): Segmentation {
  const pixels = describePixels(dataset);
  const { rows, columns } = pixels;
  const type = segmentationTypeOf(dataset, pixels.bitsAllocated);
  const warnings: string[] = [];
  const segments = readSegments(dataset, type === 'LABELMAP' ? pixels.palette : undefined);
  const known = new Map<number, SegmentInfo>(segments.map((s) => [s.number, s]));
  const frameOfReferenceUid = stringValue(dataset, Tag.FrameOfReferenceUID);
  const maxFractionalValue = type === 'FRACTIONAL' ? (numberValue(dataset, ResultTag.MaximumFractionalValue) ?? 255) : undefined;

  let numberOfFrames = pixels.numberOfFrames;
  if (frames.numberOfFrames < numberOfFrames) {
    warnings.push(`Number of Frames is ${numberOfFrames} but the pixel data holds ${frames.numberOfFrames}: the rest are missing`);
    numberOfFrames = frames.numberOfFrames;
  }
  const infos = readSegFrames(dataset, numberOfFrames);
  const planes = new Map(imagePlanesOf(dataset).map((p) => [p.frame, p]));
  const sourcePlanes = options.sourceImages?.length ? planeSet(options.sourceImages, options.toleranceMm) : undefined;
  const listed = referencedInstances(dataset);
  const onlyInstance = new Set(listed.map((r) => r.sopInstanceUid)).size === 1 ? listed[0] : undefined;

  const masks: SegmentMask[] = [];
  const undescribed = new Set<number>();
  const pixelCount = rows * columns;
  for (const info of infos) {
    const values = frames.frame(info.frame);
    if (values.length < pixelCount) {
      warnings.push(`frame ${info.frame}: ${values.length} values for ${rows}×${columns} pixels; skipped`);
      continue;
    }
    const plane = planes.get(info.frame);
    const resolved = resolveSources(info, plane, sourcePlanes, onlyInstance, frameOfReferenceUid);
    const base = {
      segFrame: info.frame,
      ...(resolved.sources[0] ? { referencedSopInstanceUid: resolved.sources[0].sopInstanceUid, referencedFrame: resolved.sources[0].frame } : {}),
      sources: resolved.sources,
      ...(resolved.matchedBy ? { sourceMatchedBy: resolved.matchedBy } : {}),
      ...geometryPart(plane),
      rows,
      columns,
    };
    if (type === 'LABELMAP') {
      for (const [segmentNumber, data] of splitLabels(values, pixelCount, pixels.pixelPadding?.value)) {
        if (known.has(segmentNumber)) masks.push({ segmentNumber, ...base, data });
        // 0 is the customary background of label maps that state no Pixel Padding Value.
        else if (segmentNumber !== 0) undescribed.add(segmentNumber);
      }
      continue;
    }
    if (info.segmentNumber === undefined) {
      warnings.push(`frame ${info.frame} names no segment (Segment Identification Sequence); skipped`);
      continue;
    }
    if (!known.has(info.segmentNumber)) warnings.push(`frame ${info.frame} names segment ${info.segmentNumber}, which the Segment Sequence does not describe`);
    masks.push({ segmentNumber: info.segmentNumber, ...base, ...(type === 'FRACTIONAL' ? fractionalMask(values, pixelCount, maxFractionalValue!) : { data: binaryMask(values, pixelCount) }) });
  }
  if (undescribed.size) warnings.push(`label values ${[...undescribed].sort((a, b) => a - b).join(', ')} have no Segment Sequence item; not shown`);

  const optional = {
    seriesInstanceUid: stringValue(dataset, Tag.SeriesInstanceUID),
    studyInstanceUid: stringValue(dataset, Tag.StudyInstanceUID),
    frameOfReferenceUid,
    seriesDescription: stringValue(dataset, Tag.SeriesDescription),
    contentLabel: stringValue(dataset, ResultTag.ContentLabel),
    fractionalType: type === 'FRACTIONAL' ? stringValue(dataset, ResultTag.SegmentationFractionalType) : undefined,
    maxFractionalValue,
    segmentsOverlap: stringValue(dataset, ResultTag.SegmentsOverlap),
  };
  return {
    sopInstanceUid: stringValue(dataset, Tag.SOPInstanceUID) ?? '',
    sopClassUid: stringValue(dataset, Tag.SOPClassUID) ?? '',
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')) as Partial<Segmentation>),
    segmentationType: type,
    rows,
    columns,
    numberOfFrames,
    segments,
    masks,
    warnings,
  };
}

function binaryMask(values: ArrayLike<number>, count: number): Uint8Array {
  const data = new Uint8Array(count);
  for (let i = 0; i < count; i++) data[i] = values[i]! !== 0 ? 1 : 0;
  return data;
}

/**
 * A fractional frame: the mask is where the fraction reaches one half (value × 2 ≥ maximum); the
 * fraction is kept, scaled to 0..255, for drawing with opacity.
 */
function fractionalMask(values: ArrayLike<number>, count: number, max: number): { data: Uint8Array; fraction: Uint8Array } {
  const data = new Uint8Array(count);
  const fraction = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = Math.min(values[i]!, max);
    // v × 255 first, then ÷ max: 255 / max is inexact (2.55), and 50 × 2.55 would round down.
    fraction[i] = max > 0 ? Math.round((v * 255) / max) : 0;
    data[i] = max > 0 && v * 2 >= max ? 1 : 0;
  }
  return { data, fraction };
}

/** A label-map frame split into one 0/1 mask per label present (Pixel Padding Value excluded). */
function splitLabels(values: ArrayLike<number>, count: number, padding: number | undefined): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const label = values[i]!;
    if (label === padding) continue;
    let mask = out.get(label);
    if (!mask) out.set(label, (mask = new Uint8Array(count)));
    mask[i] = 1;
  }
  return new Map([...out].sort(([a], [b]) => a - b));
}

/** The masks of one segment, in frame order. */
export function masksOfSegment(segmentation: Pick<Segmentation, 'masks'>, segmentNumber: number): SegmentMask[] {
  return segmentation.masks.filter((m) => m.segmentNumber === segmentNumber);
}
