/**
 * Colour conversions for display (PS3.3 C.7.6.3.1.2). All take and return 8-bit interleaved
 * samples unless said otherwise.
 */

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** YBR_FULL → RGB (ITU-R BT.601 full range, as JPEG/JFIF uses). */
export function ybrFullToRgb(ybr: Uint8Array): Uint8Array {
  const out = new Uint8Array(ybr.length);
  for (let i = 0; i < ybr.length; i += 3) {
    const y = ybr[i]!;
    const cb = ybr[i + 1]! - 128;
    const cr = ybr[i + 2]! - 128;
    out[i] = clamp(y + 1.402 * cr);
    out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    out[i + 2] = clamp(y + 1.772 * cb);
  }
  return out;
}

/** YBR_FULL_422 native layout (Y1 Y2 Cb Cr per pixel pair) → YBR_FULL interleaved. */
export function ybr422ToYbrFull(data: Uint8Array, columns: number, rows: number): Uint8Array {
  const out = new Uint8Array(columns * rows * 3);
  let i = 0;
  for (let p = 0; p < columns * rows; p += 2) {
    const y1 = data[i]!;
    const y2 = data[i + 1]!;
    const cb = data[i + 2]!;
    const cr = data[i + 3]!;
    i += 4;
    out.set([y1, cb, cr], p * 3);
    if (p + 1 < columns * rows) out.set([y2, cb, cr], (p + 1) * 3);
  }
  return out;
}

/** Planar (RR…GG…BB…) → interleaved (RGBRGB…), for any sample type. */
export function planarToInterleaved<T extends Uint8Array | Uint16Array | Int16Array>(planar: T, samplesPerPixel: number): T {
  const pixels = planar.length / samplesPerPixel;
  const out = new (planar.constructor as new (n: number) => T)(planar.length);
  for (let s = 0; s < samplesPerPixel; s++) for (let p = 0; p < pixels; p++) out[p * samplesPerPixel + s] = planar[s * pixels + p]!;
  return out;
}

/** PALETTE COLOR → 8-bit RGB through the red/green/blue LUTs (PS3.3 C.7.6.3.1.5). */
export function paletteToRgb(
  indices: Uint8Array | Uint16Array,
  lut: { firstMapped: number; bitsPerEntry: number; red: number[]; green: number[]; blue: number[] },
): Uint8Array {
  const out = new Uint8Array(indices.length * 3);
  const shift = lut.bitsPerEntry > 8 ? lut.bitsPerEntry - 8 : 0;
  const last = lut.red.length - 1;
  for (let i = 0; i < indices.length; i++) {
    const k = Math.min(last, Math.max(0, indices[i]! - lut.firstMapped));
    out[i * 3] = lut.red[k]! >> shift;
    out[i * 3 + 1] = lut.green[k]! >> shift;
    out[i * 3 + 2] = lut.blue[k]! >> shift;
  }
  return out;
}
