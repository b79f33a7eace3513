import type { LookupTable, PixelDescription } from '../model/pixelDescription';

/** PS3.3 C.11.1.1: a LUT's first-mapped value is signed when the pixel data is (read as US, it wraps). */
export function firstMappedValue(table: LookupTable, pixelRepresentation: 0 | 1): number {
  return pixelRepresentation === 1 && table.firstMapped > 0x7fff ? table.firstMapped - 0x10000 : table.firstMapped;
}

/** Value of a LUT at x: clamped to the first/last entry outside the mapped range (PS3.3 C.11.1.1). */
export function lookup(table: LookupTable, first: number, x: number): number {
  const i = Math.round(x) - first;
  const last = Math.min(table.entries, table.data.length) - 1;
  return table.data[i < 0 ? 0 : i > last ? last : i] ?? 0;
}

/** The Modality LUT (PS3.3 C.11.1): stored value → modality value (HU for CT), rescale or table. */
export function modalityTransform(desc: PixelDescription): (stored: number) => number {
  const lut = desc.modalityLut;
  if (lut.kind === 'table') {
    const first = firstMappedValue(lut.table, desc.pixelRepresentation);
    return (x) => lookup(lut.table, first, x);
  }
  const { slope, intercept } = lut;
  return (x) => x * slope + intercept;
}

/** Units of the modality values, for measurements: HU for CT rescale, the Rescale/Modality LUT Type otherwise. */
export function modalityUnits(desc: PixelDescription, modality: string | undefined): string {
  const type = desc.modalityLut.type?.trim();
  if (type && type !== 'US') return type === 'HU' ? 'HU' : type;
  return modality === 'CT' ? 'HU' : '';
}
