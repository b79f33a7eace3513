import type { PixelRectangle } from './deidentifyOptions';
import type { RawElement } from './rawElementTree';
import { valueText } from './replacementValues';

function us(elements: RawElement[], tag: number, fallback: number): number {
  const v = elements.find((e) => e.tag === tag)?.value;
  return v && v.length >= 2 ? v[0]! | (v[1]! << 8) : fallback;
}

/**
 * Blanks rectangles of native (uncompressed, little-endian) pixel data in every frame and sample:
 * the Clean Pixel Data Option (PS3.15 E.3.1). Returns the new value, or a reason it cannot:
 * compressed pixel data would have to be decoded and re-encoded, which is the export task's
 * transcoder's job, and 1-bit data has no byte per pixel to blank.
 */
export function cleanNativePixelData(elements: RawElement[], rectangles: PixelRectangle[]): Uint8Array | string {
  const pixel = elements.find((e) => e.tag === 0x7fe00010);
  if (!pixel) return 'no Pixel Data (7FE0,0010)';
  if (!pixel.value) return 'the pixel data is compressed (encapsulated); Clean Pixel Data needs it decoded first';
  const rows = us(elements, 0x00280010, 0);
  const columns = us(elements, 0x00280011, 0);
  const bitsAllocated = us(elements, 0x00280100, 0);
  const samples = us(elements, 0x00280002, 1);
  const planar = us(elements, 0x00280006, 0);
  const frames = Math.max(1, Number(valueText(elements.find((e) => e.tag === 0x00280008)?.value)) || 1);
  if (bitsAllocated % 8 !== 0 || bitsAllocated === 0) return `Bits Allocated ${bitsAllocated}: not a whole number of bytes per sample`;
  const bytesPerSample = bitsAllocated / 8;
  const frameBytes = rows * columns * samples * bytesPerSample;
  if (pixel.value.length < frameBytes * frames) return `Pixel Data holds ${pixel.value.length} bytes, ${frameBytes * frames} expected`;
  const out = pixel.value.slice();
  for (let f = 0; f < frames; f++) {
    const frameStart = f * frameBytes;
    for (const r of rectangles) {
      const x0 = Math.max(0, Math.floor(r.x));
      const y0 = Math.max(0, Math.floor(r.y));
      const x1 = Math.min(columns, Math.ceil(r.x + r.width));
      const y1 = Math.min(rows, Math.ceil(r.y + r.height));
      for (let y = y0; y < y1; y++) {
        if (planar === 1 && samples > 1) {
          for (let s = 0; s < samples; s++) {
            const start = frameStart + (s * rows * columns + y * columns + x0) * bytesPerSample;
            out.fill(0, start, start + (x1 - x0) * bytesPerSample);
          }
        } else {
          const start = frameStart + (y * columns + x0) * samples * bytesPerSample;
          out.fill(0, start, start + (x1 - x0) * samples * bytesPerSample);
        }
      }
    }
  }
  return out;
}
