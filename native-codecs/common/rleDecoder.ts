import { bytesPerSample, DecodeError, samplesFor, type DecodeRequest, type DecodedSamples } from './decodeTypes';

/**
 * RLE Lossless (PS3.5 Annex G). A 64-byte header gives up to 15 segment offsets; each segment is
 * one byte plane (most significant byte first, one sample plane after another) PackBits-coded.
 * Output is interleaved samples in platform byte order.
 */
export function decodeRle(request: DecodeRequest): DecodedSamples {
  const { format, bytes } = request;
  const fail = (detail: string): DecodeError => new DecodeError(request.source, request.frame, request.transferSyntaxUid, detail);
  if (bytes.length < 64) throw fail('RLE header is shorter than 64 bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const segments = view.getUint32(0, true);
  const bps = bytesPerSample(format);
  const spp = format.samplesPerPixel;
  if (segments !== bps * spp) throw fail(`RLE header has ${segments} segments, expected ${bps * spp}`);
  const pixels = format.rows * format.columns;
  const out = new Uint8Array(pixels * bps * spp);
  for (let seg = 0; seg < segments; seg++) {
    const start = view.getUint32(4 + seg * 4, true);
    const end = seg + 1 < segments ? view.getUint32(8 + seg * 4, true) : bytes.length;
    if (start < 64 || start > bytes.length || end > bytes.length || end < start) throw fail(`RLE segment ${seg + 1} offsets are out of range`);
    const sample = Math.floor(seg / bps);
    // Segment 0 of a sample holds its most significant byte; little-endian output puts it last.
    const byteInSample = bps - 1 - (seg % bps);
    const stride = bps * spp;
    let o = sample * bps + byteInSample;
    let written = 0;
    let i = start;
    while (i < end && written < pixels) {
      const n = (bytes[i++]! << 24) >> 24;
      if (n >= 0) {
        const count = Math.min(n + 1, pixels - written, end - i);
        for (let k = 0; k < count; k++, o += stride) out[o] = bytes[i + k]!;
        i += n + 1;
        written += count;
      } else if (n !== -128) {
        const count = Math.min(1 - n, pixels - written);
        const value = bytes[i++]!;
        for (let k = 0; k < count; k++, o += stride) out[o] = value;
        written += count;
      }
    }
    if (written < pixels) throw fail(`RLE segment ${seg + 1} decodes to ${written} of ${pixels} bytes`);
  }
  // `out` is little endian; on big-endian hosts it would need a swap (none exist among our targets).
  return samplesFor(format, out.buffer, 0, pixels * spp);
}
