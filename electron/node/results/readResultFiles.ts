import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { parseRtStruct } from '../../common/results/rtstruct/parseRtStruct';
import type { RtStructureSet } from '../../common/results/rtstruct/rtStructModel';
import { parseSegmentation, type ParseSegmentationOptions } from '../../common/results/seg/parseSegmentation';
import type { Segmentation } from '../../common/results/seg/segmentationModel';
import { segmentationFramesFromPart10 } from '../../common/results/seg/segmentationPart10';
import { decodedSegmentationFrames } from '../../common/results/seg/segmentationPixels';
import { decodeFrame } from '../../../native-codecs/node/decodeFrame';
import { frameSourceOfFile } from '../imaging/decodeFileFrame';
import { readFrameRequest } from '../imaging/frameSource';

/**
 * Reads a SEG file into the segmentation model. Native pixel data is unpacked from the file's
 * bytes; compressed frames (RLE, Deflated Image Frame Compression, JPEG-LS, JPEG 2000 …) go
 * through the imaging decoder, one frame at a time, in this thread.
 */
export async function readSegmentationFile(file: string, options: ParseSegmentationOptions = {}): Promise<Segmentation> {
  const bytes = new Uint8Array(readFileSync(file));
  const parsed = parseDicom(bytes, { source: file, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) });
  if (!parsed.pixelData?.encapsulated) return parseSegmentation(parsed.dataset, segmentationFramesFromPart10(bytes, parsed, { source: file, inflateRaw: (b) => inflateRawSync(b) }), options);
  const source = frameSourceOfFile(file);
  const frames = [];
  for (let k = 1; k <= source.numberOfFrames; k++) frames.push((await decodeFrame(await readFrameRequest(file, source, k))).pixels);
  return parseSegmentation(parsed.dataset, decodedSegmentationFrames(frames), options);
}

/** Reads an RTSTRUCT file into structures and contours. */
export function readRtStructFile(file: string): RtStructureSet {
  const bytes = new Uint8Array(readFileSync(file));
  return parseRtStruct(parseDicom(bytes, { source: file, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) }).dataset);
}
