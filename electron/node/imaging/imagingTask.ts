import type { DecodeRequest } from '../../../native-codecs/common/decodeTypes';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import type { PixelDescription } from '../../common/dicom/model/pixelDescription';

/**
 * What the host asks of an imaging worker for one frame: the frame's bytes (moved, not copied),
 * and what to make of them once decoded — all of it off the host's event loop.
 */
export type ImagingRequest = DecodeRequest &
  (
    | /** Decoded samples as stored (WADO-RS frames, volume slices), with their range. */ { output: 'samples' }
    | /** What the viewer draws (`getFrame`): stored gray samples, sign-extended, or 8-bit RGB. */ { output: 'display'; pixels: PixelDescription }
    | /** A small PNG (WADO-RS thumbnail). */ { output: 'thumbnail'; dataset: DicomJsonDataset; size: number }
  );

export interface ImagingResult {
  /** Little-endian samples, RGB triplets, or PNG bytes. */
  bytes: Uint8Array;
  /** Smallest and largest sample, for `samples` of single-channel frames. */
  range?: [number, number];
  /** Which decoder ran (e.g. "charls-wasm"). */
  backend: string;
}
