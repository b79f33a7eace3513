import type { RtStructureSet } from '../../../electron/common/results/rtstruct/rtStructModel';
import type { PresentationState } from '../../../electron/common/results/presentationState/presentationStateModel';
import type { MeasurementReportModel, SrScoord, SrScoord3d } from '../../../electron/common/results/sr/readMeasurementReport';
import type { Segmentation, SegmentInfo, SegmentMask } from '../../../electron/common/results/seg/segmentationModel';

/** A result drawn over the images it is about: a segmentation's masks or a structure set's contours. */
export type ResultOverlay =
  | { kind: 'seg'; sopInstanceUid: string; segmentation: Segmentation; segments: Map<number, SegmentInfo>; masksBySource: Map<string, SegmentMask[]>; style?: (segmentNumber: number) => SegmentStyle }
  | { kind: 'rtstruct'; sopInstanceUid: string; structureSet: RtStructureSet }
  | { kind: 'sr'; sopInstanceUid: string; report: MeasurementReportModel; scoordsBySource: Map<string, SrScoord[]>; scoords3d: SrScoord3d[] }
  | { kind: 'pr'; sopInstanceUid: string; state: PresentationState }
  /** A Key Object Selection switched on: its images join the key-image strip under its title. */
  | { kind: 'ko'; sopInstanceUid: string; title: string; images: Array<{ seriesInstanceUid: string; sopInstanceUid: string; frame: number }> };

/** A segment's look: the reader may hide it or make it more or less opaque. */
export interface SegmentStyle {
  visible: boolean;
  opacity: number;
}

export const DEFAULT_SEGMENT_STYLE: SegmentStyle = { visible: true, opacity: 0.5 };

/** `${segSopInstanceUid}#${segmentNumber}`: where a segment's style is kept. */
export const segmentKey = (sopInstanceUid: string, segmentNumber: number): string => `${sopInstanceUid}#${segmentNumber}`;

/** `${sopInstanceUid}#${frame}`: the key a source image frame is found under. */
export const sourceKey = (sopInstanceUid: string, frame: number): string => `${sopInstanceUid}#${frame}`;

/** A segmentation as an overlay: its masks indexed by every source frame they lie on; background segments left out. */
export function segmentationOverlay(segmentation: Segmentation): ResultOverlay {
  const segments = new Map(segmentation.segments.map((s) => [s.number, s]));
  const masksBySource = new Map<string, SegmentMask[]>();
  for (const mask of segmentation.masks) {
    if (segments.get(mask.segmentNumber)?.isBackground) continue;
    const keys = new Set(mask.sources.map((s) => sourceKey(s.sopInstanceUid, s.frame)));
    if (mask.referencedSopInstanceUid) keys.add(sourceKey(mask.referencedSopInstanceUid, mask.referencedFrame ?? 1));
    for (const key of keys) {
      let list = masksBySource.get(key);
      if (!list) masksBySource.set(key, (list = []));
      list.push(mask);
    }
  }
  return { kind: 'seg', sopInstanceUid: segmentation.sopInstanceUid, segmentation, segments, masksBySource };
}

/** A measurement report as an overlay: its image coordinates by the image they are selected from, its 3D ones beside. */
export function reportOverlay(report: MeasurementReportModel): ResultOverlay {
  const scoordsBySource = new Map<string, SrScoord[]>();
  const all = [...report.groups.flatMap((g) => g.scoords), ...report.outside.scoords];
  for (const s of all) {
    if (!s.image) continue;
    for (const frame of s.image.frames ?? [1]) {
      const key = sourceKey(s.image.sopInstanceUid, frame);
      let list = scoordsBySource.get(key);
      if (!list) scoordsBySource.set(key, (list = []));
      list.push(s);
    }
  }
  return { kind: 'sr', sopInstanceUid: report.sopInstanceUid, report, scoordsBySource, scoords3d: [...report.groups.flatMap((g) => g.scoords3d), ...report.outside.scoords3d] };
}
