import { bytesPerSample, samplesFor, type DecodedSamples, type FramePixelFormat } from './decodeTypes';

/** Bytes (bits, for 1-bit data) of one native frame. */
export function nativeFrameBits(format: FramePixelFormat): number {
  return format.rows * format.columns * format.samplesPerPixel * format.bitsAllocated;
}

/**
 * One frame of native (uncompressed) pixel data as samples: byte-swapped from big endian when
 * needed; 1-bit data unpacked to one byte (0 or 1) per pixel, least significant bit first (PS3.5 8.1.1).
 * `bytes` holds the whole frame (for 1-bit data: from the byte holding its first bit, `bitOffset` in).
 */
export function nativeFrameSamples(format: FramePixelFormat, bytes: Uint8Array, bigEndian: boolean, bitOffset = 0): DecodedSamples {
  const count = format.rows * format.columns * format.samplesPerPixel;
  if (format.bitsAllocated === 1) {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const bit = bitOffset + i;
      out[i] = (bytes[bit >> 3]! >> (bit & 7)) & 1;
    }
    return out;
  }
  const size = bytesPerSample(format);
  const copy = bytes.slice(0, count * size);
  if (bigEndian && size > 1) {
    for (let i = 0; i + size <= copy.length; i += size) copy.subarray(i, i + size).reverse();
  }
  return samplesFor(format, copy.buffer, 0, count);
}
