import { decodeFileFrame, samplesAsLittleEndianBytes } from '../../../native-codecs/node/decodeFileFrame';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import { toDisplayFrame, type DisplayFrame } from '../../common/dicom/display/displayFrame';
import { readDicomFileSync } from '../dicom/readDicomFile';

/** Decodes frame `frame` (1-based) of a file into what the viewer draws: stored gray samples or 8-bit RGB. */
export async function decodeDisplayFrame(file: string, frame: number): Promise<DisplayFrame> {
  const desc = describePixels(readDicomFileSync(file).dataset);
  return toDisplayFrame(desc, await decodeFileFrame(file, frame), file);
}

/** The bytes `getFrame` sends: little-endian samples of the frame's type, or RGB triplets. */
export function displayFrameBytes(frame: DisplayFrame): Uint8Array {
  return frame.kind === 'rgb' ? frame.rgb : samplesAsLittleEndianBytes(frame.samples);
}
