import { stackDirectionAlong } from './stackOrder';
import { numberValue, stringValue, Tag } from '../../../electron/common/dicom/model/dicomJsonAccess';
import { describePixels, type PixelDescription } from '../../../electron/common/dicom/model/pixelDescription';
import { frameGeometries, type FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import { dot } from '../../../electron/common/dicom/geometry/vec3';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

/** One image of a stack: a single-frame instance or one frame of a multi-frame instance. */
export interface StackImage {
  sopInstanceUid: string;
  /** 1-based frame number. */
  frame: number;
  dataset: DicomJsonDataset;
  pixels: PixelDescription;
  geometry?: FrameGeometry;
  /** [between rows, between columns] mm; `spacingSource` says whether it is calibrated. */
  pixelSpacing: [number, number];
  spacingSource: FrameGeometry['spacingSource'];
  instanceNumber?: number;
  sliceLocation?: number;
}

/**
 * Orders the images of a series for scrolling: by position along the stack normal, head/posterior/left
 * end first (the reading order radiologists expect for axial, coronal and sagittal alike), when every
 * image has a position and one orientation; by Instance Number otherwise.
 */
export function buildStack(instances: DicomJsonDataset[]): StackImage[] {
  const images: StackImage[] = [];
  for (const ds of instances) {
    if (!ds[Tag.Rows]) continue;
    const pixels = describePixels(ds);
    const geometries = new Map(frameGeometries(ds).map((g) => [g.frame, g]));
    const sopInstanceUid = stringValue(ds, Tag.SOPInstanceUID) ?? '';
    const instanceNumber = numberValue(ds, Tag.InstanceNumber);
    const sliceLocation = numberValue(ds, '00201041');
    for (let frame = 1; frame <= pixels.numberOfFrames; frame++) {
      const geometry = geometries.get(frame);
      images.push({
        sopInstanceUid,
        frame,
        dataset: ds,
        pixels,
        ...(geometry ? { geometry } : {}),
        pixelSpacing: geometry?.pixelSpacing ?? spacingOf(ds),
        spacingSource: geometry?.spacingSource ?? spacingSourceOf(ds),
        ...(instanceNumber !== undefined ? { instanceNumber } : {}),
        ...(sliceLocation !== undefined ? { sliceLocation } : {}),
      });
    }
  }
  return orderStack(images);
}

/**
 * Orders a stack's images: by position from the stack's first end (`stackDirectionAlong`) when
 * every image has one with the same normal, else by Instance Number; frames in order within each.
 */
export function orderStack(images: StackImage[]): StackImage[] {
  const ref = images[0]?.geometry;
  const positioned = ref && images.every((i) => i.geometry && dot(i.geometry.normal, ref.normal) > 0.999);
  if (positioned) {
    // The stack's "first" end: the end towards head (axial), posterior (coronal) or left (sagittal).
    const n = ref.normal;
    const along = stackDirectionAlong(n);
    return images.sort((a, b) => along * (dot(a.geometry!.position, n) - dot(b.geometry!.position, n)) || a.frame - b.frame);
  }
  return images.sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0) || a.frame - b.frame);
}

function spacingOf(ds: DicomJsonDataset): [number, number] {
  const v = ds[Tag.PixelSpacing]?.Value ?? ds[Tag.ImagerPixelSpacing]?.Value;
  return v && v.length >= 2 ? [Number(v[0]), Number(v[1])] : [1, 1];
}

function spacingSourceOf(ds: DicomJsonDataset): FrameGeometry['spacingSource'] {
  return ds[Tag.PixelSpacing]?.Value ? 'PixelSpacing' : ds[Tag.ImagerPixelSpacing]?.Value ? 'ImagerPixelSpacing' : 'none';
}
