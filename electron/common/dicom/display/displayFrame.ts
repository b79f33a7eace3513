import type { DecodedSamples } from '../../../../native-codecs/common/decodeTypes';
import { paletteToRgb, ybr422ToYbrFull, ybrFullToRgb } from '../../../../native-codecs/common/colorConversion';
import type { PixelDescription } from '../model/pixelDescription';

/** A decoded frame as the viewer takes it: grayscale stored samples, or colour as 8-bit RGB. */
export type DisplayFrame = { kind: 'gray'; samples: DecodedSamples } | { kind: 'rgb'; rgb: Uint8Array };

/** Whether frames of this image reach the viewer as 8-bit RGB (every colour photometric does). */
export function isColorImage(desc: Pick<PixelDescription, 'samplesPerPixel' | 'photometricInterpretation'>): boolean {
  return desc.samplesPerPixel === 3 || desc.photometricInterpretation === 'PALETTE COLOR';
}

/**
 * Sample values as the stored bits say (PS3.5 8.1.1): bits above High Bit dropped, and sign-extended
 * from Bits Stored when Pixel Representation is signed (a 12-bit signed -1 arrives as 4095).
 * Returns the input when every sample already fits.
 */
export function storedValues(desc: PixelDescription, samples: DecodedSamples): DecodedSamples {
  const bits = desc.bitsStored;
  if (!(samples instanceof Uint8Array || samples instanceof Int8Array || samples instanceof Uint16Array || samples instanceof Int16Array)) return samples;
  if (bits >= desc.bitsAllocated || bits >= 16) return samples;
  const signed = desc.pixelRepresentation === 1;
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  let fits = true;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (v < lo || v > hi) {
      fits = false;
      break;
    }
  }
  if (fits) return samples;
  const shift = Math.max(0, desc.highBit + 1 - bits);
  const mask = 2 ** bits - 1;
  const out = signed ? new Int16Array(samples.length) : new Uint16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const raw = ((samples[i]! & 0xffff) >> shift) & mask;
    out[i] = signed && raw > hi ? raw - (mask + 1) : raw;
  }
  return out;
}

/**
 * Colour models to display RGB (PS3.3 C.7.6.3.1.2): YBR_FULL(_422) converted, PALETTE COLOR looked up,
 * samples wider than 8 bits scaled to their top 8 bits. Grayscale passes through untouched.
 * `decoded.photometricInterpretation` is what the decoder returned (JPEG codecs already give RGB).
 */
export function toDisplayFrame(
  desc: PixelDescription,
  decoded: { pixels: DecodedSamples; photometricInterpretation: string },
  source: string,
): DisplayFrame {
  const pm = decoded.photometricInterpretation;
  if (pm === 'PALETTE COLOR') {
    const p = desc.palette;
    if (!p) throw new Error(`${source}: PALETTE COLOR image without usable palette LUTs (segmented palettes are not supported)`);
    return {
      kind: 'rgb',
      rgb: paletteToRgb(decoded.pixels as Uint8Array | Uint16Array, {
        firstMapped: p.red.firstMapped,
        bitsPerEntry: p.red.bitsPerEntry > 8 && p.red.data.some((v) => v > 255) ? 16 : 8,
        red: p.red.data,
        green: p.green.data,
        blue: p.blue.data,
      }),
    };
  }
  if (desc.samplesPerPixel !== 3) return { kind: 'gray', samples: storedValues(desc, decoded.pixels) };
  let rgb: Uint8Array;
  if (decoded.pixels instanceof Uint8Array) rgb = decoded.pixels;
  else {
    const shift = Math.max(0, desc.bitsStored - 8);
    rgb = new Uint8Array(decoded.pixels.length);
    for (let i = 0; i < rgb.length; i++) rgb[i] = Number(decoded.pixels[i]) >> shift;
  }
  if (pm === 'YBR_FULL_422' && rgb.length < desc.rows * desc.columns * 3) rgb = ybrFullToRgb(ybr422ToYbrFull(rgb, desc.columns, desc.rows));
  else if (pm === 'YBR_FULL' || pm === 'YBR_FULL_422') rgb = ybrFullToRgb(rgb);
  return { kind: 'rgb', rgb };
}
