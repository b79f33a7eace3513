import type { DicomJsonDataset } from '../model/dicomJson';
import { numberValue, Tag } from '../model/dicomJsonAccess';
import type { ParsedDicom } from '../parse/parsedDicom';

const FLOAT_PIXEL_DATA = 0x7fe00008;
const DOUBLE_PIXEL_DATA = 0x7fe00009;

function tagName(tag: string, name: string): string {
  return `${name} (${tag.slice(0, 4)},${tag.slice(4)})`;
}

/**
 * Why the pixel description of an image cannot be decoded at all (PS3.3 C.7.6.3.1, PS3.5 8.1.1),
 * naming the attribute; undefined when it can. Only for data sets with pixel data.
 */
export function impossiblePixelDescription(ds: DicomJsonDataset, pixelDataTag = 0x7fe00010): string | undefined {
  for (const [tag, name] of [
    [Tag.Rows, 'Rows'],
    [Tag.Columns, 'Columns'],
  ] as const) {
    const value = numberValue(ds, tag);
    if (value === undefined) return `${tagName(tag, name)} is missing`;
    if (!Number.isInteger(value) || value < 1) return `${tagName(tag, name)} is ${value}: an image has at least one ${name === 'Rows' ? 'row' : 'column'}`;
  }
  const samples = numberValue(ds, Tag.SamplesPerPixel) ?? 1;
  if (![1, 3, 4].includes(samples)) return `${tagName(Tag.SamplesPerPixel, 'Samples per Pixel')} is ${samples}: must be 1 or 3`;
  const allocated = numberValue(ds, Tag.BitsAllocated);
  if (pixelDataTag === FLOAT_PIXEL_DATA || pixelDataTag === DOUBLE_PIXEL_DATA) {
    const want = pixelDataTag === FLOAT_PIXEL_DATA ? 32 : 64;
    if (allocated !== undefined && allocated !== want) return `${tagName(Tag.BitsAllocated, 'Bits Allocated')} is ${allocated}: ${pixelDataTag === FLOAT_PIXEL_DATA ? 'Float' : 'Double Float'} Pixel Data needs ${want}`;
    return undefined;
  }
  if (allocated === undefined) return `${tagName(Tag.BitsAllocated, 'Bits Allocated')} is missing`;
  if (allocated === 64) return `${tagName(Tag.BitsAllocated, 'Bits Allocated')} is 64: only Double Float Pixel Data (7FE0,0009) has 64-bit values`;
  if (!(allocated === 1 || (allocated % 8 === 0 && allocated >= 8 && allocated <= 32))) return `${tagName(Tag.BitsAllocated, 'Bits Allocated')} is ${allocated}: must be 1 or a multiple of 8 up to 32`;
  const stored = numberValue(ds, Tag.BitsStored);
  if (stored !== undefined && (stored < 1 || stored > allocated)) return `${tagName(Tag.BitsStored, 'Bits Stored')} is ${stored}: must be 1 to Bits Allocated (${allocated})`;
  return undefined;
}

/** Bytes of one frame as stored natively (bits packed when Bits Allocated is 1). */
function nativeFrameBytes(ds: DicomJsonDataset, pixelDataTag: number): number {
  const bits = pixelDataTag === FLOAT_PIXEL_DATA ? 32 : pixelDataTag === DOUBLE_PIXEL_DATA ? 64 : (numberValue(ds, Tag.BitsAllocated) ?? 16);
  const total = (numberValue(ds, Tag.Rows) ?? 0) * (numberValue(ds, Tag.Columns) ?? 0) * (numberValue(ds, Tag.SamplesPerPixel) ?? 1) * bits;
  return Math.ceil(total / 8);
}

/**
 * What is wrong with a parsed file that still parsed: values that run past the end of the file,
 * Pixel Data shorter than its image needs, encapsulated pixel data without fragments, a pixel
 * description no decoder can follow. Each message names the element and what is wrong, and says
 * which frames cannot be decoded. Empty when nothing is known to be wrong. `fileSize`: the whole
 * file's (the parse may have read only its head).
 */
export function damageOf(parsed: ParsedDicom, fileSize: number): string[] {
  const damage: string[] = [];
  const pixel = parsed.pixelData;
  const pixelTagText = pixel ? pixel.tag.toString(16).toUpperCase().padStart(8, '0') : '';
  for (const warning of parsed.warnings) {
    // Truncation of elements before the pixel data; the pixel data's own is described below.
    if (/declares \d+ bytes but the data ends/.test(warning) && !(pixel && warning.startsWith(`(${pixelTagText.slice(0, 4)},${pixelTagText.slice(4)})`))) damage.push(warning);
    else if (/^encapsulated pixel data|Basic Offset Table/.test(warning)) damage.push(`Pixel Data (7FE0,0010): ${warning.replace(/^encapsulated pixel data:? ?/, '')}`);
  }
  if (!pixel) return damage;
  const ds = parsed.dataset;
  const impossible = impossiblePixelDescription(ds, pixel.tag);
  if (impossible) return [...damage, `${impossible}: no frame can be decoded`];
  const frames = Math.max(1, numberValue(ds, Tag.NumberOfFrames) ?? 1);
  const name = `Pixel Data (${pixelTagText.slice(0, 4)},${pixelTagText.slice(4)})`;
  if (pixel.encapsulated) {
    const fragments = pixel.fragments?.length ?? 0;
    if (fragments === 0) damage.push(`${name} has no fragments: frame 1 cannot be decoded`);
    else if (fragments < frames && !pixel.basicOffsetTable) damage.push(`${name} has ${fragments} fragment(s) for ${frames} frames: frames ${fragments + 1}–${frames} cannot be decoded`);
    else {
      const last = pixel.fragments![fragments - 1]!;
      if (last.offset + last.length > fileSize) damage.push(`${name}: the last fragment runs ${last.offset + last.length - fileSize} bytes past the end of the file`);
    }
    return damage;
  }
  const frameBytes = nativeFrameBytes(ds, pixel.tag);
  const expected = frameBytes * frames;
  const present = Math.min(pixel.length ?? 0, Math.max(0, fileSize - pixel.offset));
  if (present < expected) {
    const whole = Math.floor(present / frameBytes);
    const which = whole === 0 ? (frames === 1 ? 'frame 1 cannot be decoded' : `no frame can be decoded`) : `frames ${whole + 1}–${frames} cannot be decoded`;
    damage.push(`${name} is ${expected - present} bytes short of the ${expected} its image needs (Rows × Columns × Samples × Bits Allocated × ${frames} frame(s)): ${which}`);
  }
  return damage;
}
