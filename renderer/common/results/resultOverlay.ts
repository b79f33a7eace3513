import type { RtStructureSet } from '../../../electron/common/results/rtstruct/rtStructModel';
import type { Segmentation, SegmentInfo, SegmentMask } from '../../../electron/common/results/seg/segmentationModel';

/** A result drawn over the images it is about: a segmentation's masks or a structure set's contours. */
export type ResultOverlay =
  | { kind: 'seg'; sopInstanceUid: string; segmentation: Segmentation; segments: Map<number, SegmentInfo>; masksBySource: Map<string, SegmentMask[]> }
  | { kind: 'rtstruct'; sopInstanceUid: string; structureSet: RtStructureSet };

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
