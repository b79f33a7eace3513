import type { DisplayFrame } from '../../common/dicom/display/displayFrame';
import { samplesAsLittleEndianBytes } from './decodeFileFrame';

/** The bytes `getFrame` sends: little-endian samples of the frame's type, or RGB triplets. */
export function displayFrameBytes(frame: DisplayFrame): Uint8Array {
  return frame.kind === 'rgb' ? frame.rgb : samplesAsLittleEndianBytes(frame.samples);
}
