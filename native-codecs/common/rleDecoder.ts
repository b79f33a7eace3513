import { bytesPerSample, DecodeError, samplesFor, type DecodeRequest, type DecodedSamples } from './decodeTypes';

/** PackBits-decodes one segment into `plane` (one byte per pixel); returns the bytes written. */
function unpackSegment(bytes: Uint8Array, start: number, end: number, plane: Uint8Array): number {
  const n = plane.length;
  let o = 0;
  let i = start;
  while (i < end && o < n) {
    const header = bytes[i++]!;
    if (header < 128) {
      // Literal run of header + 1 bytes.
      const count = Math.min(header + 1, n - o, end - i);
      plane.set(bytes.subarray(i, i + count), o);
      i += header + 1;
      o += count;
    } else if (header > 128) {
      // Replicate the next byte 257 - header times.
      const count = Math.min(257 - header, n - o);
      plane.fill(bytes[i++]!, o, o + count);
      o += count;
    }
    // 128 is a no-op.
  }
  return o;
}

/**
 * RLE Lossless (PS3.5 Annex G). A 64-byte header gives up to 15 segment offsets; each segment is
 * one byte plane (most significant byte first, one sample plane after another) PackBits-coded.
 * Each segment is unpacked into a plane with bulk copies and fills, then the planes are woven
 * into interleaved samples in platform (little-endian) byte order.
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
  const stride = bps * spp;
  const out = new Uint8Array(pixels * stride);
  const plane = stride === 1 ? out : new Uint8Array(pixels);
  // The common 16-bit grayscale case: weave the high and low byte planes as whole words.
  if (bps === 2 && spp === 1) {
    const high = new Uint8Array(pixels);
    for (const [seg, target] of [[0, high], [1, plane]] as const) {
      const start = view.getUint32(4 + seg * 4, true);
      const end = seg === 0 ? view.getUint32(8, true) : bytes.length;
      if (start < 64 || start > bytes.length || end > bytes.length || end < start) throw fail(`RLE segment ${seg + 1} offsets are out of range`);
      const written = unpackSegment(bytes, start, end, target);
      if (written < pixels) throw fail(`RLE segment ${seg + 1} decodes to ${written} of ${pixels} bytes`);
    }
    const words = new Uint16Array(out.buffer);
    for (let p = 0; p < pixels; p++) words[p] = (high[p]! << 8) | plane[p]!;
    return samplesFor(format, out.buffer, 0, pixels);
  }
  for (let seg = 0; seg < segments; seg++) {
    const start = view.getUint32(4 + seg * 4, true);
    const end = seg + 1 < segments ? view.getUint32(8 + seg * 4, true) : bytes.length;
    if (start < 64 || start > bytes.length || end > bytes.length || end < start) throw fail(`RLE segment ${seg + 1} offsets are out of range`);
    const written = unpackSegment(bytes, start, end, plane);
    if (written < pixels) throw fail(`RLE segment ${seg + 1} decodes to ${written} of ${pixels} bytes`);
    if (stride === 1) continue;
    // Segment 0 of a sample holds its most significant byte: in little-endian output it goes last.
    const sample = Math.floor(seg / bps);
    const target = sample * bps + (bps - 1 - (seg % bps));
    for (let p = 0, o = target; p < pixels; p++, o += stride) out[o] = plane[p]!;
  }
  return samplesFor(format, out.buffer, 0, pixels * spp);
}
