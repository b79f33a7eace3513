import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { numberValue, stringValue } from '../../../electron/common/dicom/model/dicomJsonAccess';
import { imagePlanesOf } from '../../../electron/common/results/imagePlanes';
import type { ResultObject } from '../../../electron/common/results/resultObjects';
import { parseRtStruct } from '../../../electron/common/results/rtstruct/parseRtStruct';
import { parseSegmentation } from '../../../electron/common/results/seg/parseSegmentation';
import { decodedSegmentationFrames } from '../../../electron/common/results/seg/segmentationPixels';
import { reportOverlay, segmentationOverlay, type ResultOverlay } from '../../common/results/resultOverlay';
import { readMeasurementReport } from '../../../electron/common/results/sr/readMeasurementReport';
import { readPresentationState } from '../../../electron/common/results/presentationState/readPresentationState';
import { readKeyObjectSelection } from '../../../electron/common/results/keyObjects/readKeyObjectSelection';

/** Frames are asked for in batches: one request per SEG of hundreds of frames would make one huge response. */
const FRAMES_PER_REQUEST = 64;

/**
 * Reads a SEG or RTSTRUCT of the study for drawing: its header from WADO-RS metadata, a SEG's
 * frames from WADO-RS frames (decoded by the host: 1-bit segmentations come one byte per pixel).
 * `studyImages`: the study's image headers, for SEG frames tied to images by position only.
 */
export async function loadResultOverlay(client: HostClient, studyUid: string, result: ResultObject, studyImages: readonly DicomJsonDataset[]): Promise<ResultOverlay | undefined> {
  const instances = await client.call('wadoSeriesMetadata', { params: { studyUid, seriesUid: result.seriesInstanceUid } });
  const ds = instances.find((d) => stringValue(d, '00080018') === result.sopInstanceUid);
  if (!ds) throw new Error(`${result.kind.toUpperCase()} ${result.sopInstanceUid} is not in the study's metadata`);
  if (result.kind === 'rtstruct') return { kind: 'rtstruct', sopInstanceUid: result.sopInstanceUid, structureSet: parseRtStruct(ds) };
  if (result.kind === 'sr') return reportOverlay(readMeasurementReport(ds));
  if (result.kind === 'pr') return { kind: 'pr', sopInstanceUid: result.sopInstanceUid, state: readPresentationState(ds) };
  if (result.kind === 'ko') {
    const doc = readKeyObjectSelection(ds);
    if (doc.kind !== 'key-objects') return undefined;
    const images = doc.objects.flatMap((o) => (o.frames ?? [1]).map((frame) => ({ seriesInstanceUid: o.seriesInstanceUid, sopInstanceUid: o.sopInstanceUid, frame })));
    return { kind: 'ko', sopInstanceUid: result.sopInstanceUid, title: doc.title?.meaning ?? result.title, images };
  }
  if (result.kind !== 'seg') return undefined;
  const count = Math.max(1, numberValue(ds, '00280008') ?? 1);
  const bits = numberValue(ds, '00280100') ?? 8;
  const frames: ArrayLike<number>[] = [];
  for (let first = 1; first <= count; first += FRAMES_PER_REQUEST) {
    const numbers = Array.from({ length: Math.min(FRAMES_PER_REQUEST, count - first + 1) }, (_, i) => first + i);
    const body = await client.call('wadoFrames', { params: { studyUid, seriesUid: result.seriesInstanceUid, instanceUid: result.sopInstanceUid, frames: numbers.join(',') } });
    for (const part of body.parts) {
      const b = part.bytes;
      frames.push(bits === 16 ? new Uint16Array(b.buffer.slice(b.byteOffset, b.byteOffset + (b.byteLength & ~1))) : b);
    }
  }
  const sourceImages = studyImages.filter((d) => stringValue(d, '00080018') !== result.sopInstanceUid).flatMap(imagePlanesOf);
  return segmentationOverlay(parseSegmentation(ds, decodedSegmentationFrames(frames), { sourceImages }));
}
