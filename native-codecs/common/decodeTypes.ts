/** What a decoder needs to know about the pixels (a subset of the DICOM core's PixelDescription). */
export interface FramePixelFormat {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  planarConfiguration: 0 | 1;
  photometricInterpretation: string;
}

export type DecodedSamples = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface DecodeRequest {
  transferSyntaxUid: string;
  format: FramePixelFormat;
  /** One frame's bytes: the native frame, or the frame's fragments already joined. */
  bytes: Uint8Array;
  /** For messages: file and frame number. */
  source: string;
  frame: number;
  /** 1-bit native data: the bit within `bytes[0]` where this frame starts. */
  bitOffset?: number;
}

export interface DecodedFrame {
  /** Samples in native byte order of the platform, colour interleaved (RGBRGB…). */
  pixels: DecodedSamples;
  /** Photometric interpretation of `pixels`: YBR variants that the codec converted come back as RGB. */
  photometricInterpretation: string;
  samplesPerPixel: number;
  /** Which implementation decoded it, e.g. "charls-wasm", "rle-ts". */
  backend: string;
  decodeMs: number;
}

/** A frame could not be decoded: names the file, the frame and the reason. */
export class DecodeError extends Error {
  constructor(
    readonly source: string,
    readonly frame: number,
    readonly transferSyntaxUid: string,
    readonly detail: string,
  ) {
    super(`${source}: frame ${frame}: cannot decode (${transferSyntaxUid}): ${detail}`);
    this.name = 'DecodeError';
  }
}

/** The typed array for stored samples of this format. */
export function samplesFor(format: FramePixelFormat, buffer: ArrayBufferLike, byteOffset: number, count: number): DecodedSamples {
  const signed = format.pixelRepresentation === 1;
  if (format.bitsAllocated <= 8) return signed ? new Int8Array(buffer, byteOffset, count) : new Uint8Array(buffer, byteOffset, count);
  if (format.bitsAllocated <= 16) return signed ? new Int16Array(buffer, byteOffset, count) : new Uint16Array(buffer, byteOffset, count);
  return signed ? new Int32Array(buffer, byteOffset, count) : new Uint32Array(buffer, byteOffset, count);
}

export function bytesPerSample(format: FramePixelFormat): number {
  return format.bitsAllocated <= 8 ? 1 : format.bitsAllocated <= 16 ? 2 : 4;
}
