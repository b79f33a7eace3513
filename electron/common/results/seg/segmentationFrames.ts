import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValue, numberValues, sequenceItems, stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { ResultTag } from '../resultTags';
import type { SourceFrameRef } from './segmentationModel';

/** What the functional groups say about one SEG frame (PS3.3 C.8.20.3, C.7.6.16.2.6). */
export interface SegFrameInfo {
  /** 1-based frame number. */
  frame: number;
  /** Referenced Segment Number (BINARY/FRACTIONAL); undefined for label maps and when absent. */
  segmentNumber?: number;
  /** Source Image Sequence items of the Derivation Image Sequence, one per referenced frame. */
  sources: SourceFrameRef[];
}

/** Source Image Sequence items as frame references (Referenced Frame Number may list several). */
export function sourceFrameRefs(items: DicomJsonDataset[]): SourceFrameRef[] {
  return items.flatMap((item) => {
    const sopInstanceUid = stringValue(item, ResultTag.ReferencedSOPInstanceUID);
    if (!sopInstanceUid) return [];
    const sopClassUid = stringValue(item, ResultTag.ReferencedSOPClassUID);
    const frames = numberValues(item, ResultTag.ReferencedFrameNumber);
    return (frames.length ? frames : [1]).map((frame) => ({ sopInstanceUid, ...(sopClassUid ? { sopClassUid } : {}), frame }));
  });
}

/**
 * Each frame's segment and source images, from its Per-Frame Functional Groups item, falling back
 * to the Shared Functional Groups (a single-segment SEG may state its segment there).
 */
export function readSegFrames(ds: DicomJsonDataset, numberOfFrames: number): SegFrameInfo[] {
  const shared = sequenceItems(ds, Tag.SharedFunctionalGroupsSequence)[0];
  const perFrame = sequenceItems(ds, Tag.PerFrameFunctionalGroupsSequence);
  const group = (frame: DicomJsonDataset | undefined, tag: string): DicomJsonDataset | undefined => sequenceItems(frame, tag)[0] ?? sequenceItems(shared, tag)[0];
  return Array.from({ length: numberOfFrames }, (_, i): SegFrameInfo => {
    const item = perFrame[i];
    const segmentNumber = numberValue(group(item, ResultTag.SegmentIdentificationSequence), ResultTag.ReferencedSegmentNumber);
    // A frame may be derived from several images; every Derivation Image item's sources count.
    const derivations = sequenceItems(item, ResultTag.DerivationImageSequence);
    const derivation = derivations.length ? derivations : sequenceItems(shared, ResultTag.DerivationImageSequence);
    const sources = sourceFrameRefs(derivation.flatMap((d) => sequenceItems(d, ResultTag.SourceImageSequence)));
    return { frame: i + 1, ...(segmentNumber !== undefined ? { segmentNumber } : {}), sources };
  });
}

/** The instances the SEG says it was made from (Referenced Series Sequence, C.7.6.16 / C.8.20.1). */
export function referencedInstances(ds: DicomJsonDataset): SourceFrameRef[] {
  const series = sequenceItems(ds, ResultTag.ReferencedSeriesSequence);
  const listed = sourceFrameRefs(series.flatMap((s) => sequenceItems(s, ResultTag.ReferencedInstanceSequence)));
  // Older objects list their sources in a top-level Source Image Sequence instead.
  return listed.length ? listed : sourceFrameRefs(sequenceItems(ds, ResultTag.SourceImageSequence));
}
