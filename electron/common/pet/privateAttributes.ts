import type { DicomJsonDataset } from '../dicom/model/dicomJson';

/**
 * A private attribute's text by its creator (PS3.5 7.8.1): the creator `creator` reserves a block
 * (gggg,00xx) and the attribute is (gggg,xxee). Headers read from implicit VR files hold private
 * values as UN bytes (InlineBinary), so those are decoded as text too.
 */
export function privateText(ds: DicomJsonDataset, group: number, creator: string, element: number): string | undefined {
  const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
  const reservations = `${hex(group, 4)}00`;
  // The lowest block the creator reserved, found among the dataset's own keys (trying all 240
  // possible blocks by name cost more than the rest of a PET series' SUV header reading).
  let block: number | undefined;
  for (const key of Object.keys(ds)) {
    if (key.length !== 8 || !key.startsWith(reservations)) continue;
    const b = parseInt(key.slice(6), 16);
    if (!(b >= 0x10) || (block !== undefined && b >= block)) continue;
    if (attributeText(ds[key])?.toUpperCase() === creator.toUpperCase()) block = b;
  }
  return block === undefined ? undefined : attributeText(ds[`${hex(group, 4)}${hex(block, 2)}${hex(element, 2)}`]);
}

function attributeText(attr: DicomJsonDataset[string] | undefined): string | undefined {
  if (!attr) return undefined;
  const v = attr.Value?.[0];
  if (v !== undefined && v !== null && typeof v !== 'object') return String(v).trim();
  if (attr.InlineBinary) {
    const text = Array.from(atob(attr.InlineBinary), (c) => (c === '\0' ? '' : c)).join('');
    return text.trim() || undefined;
  }
  return undefined;
}

/** A private DS value as a number; undefined when absent or not a number. */
export function privateNumber(ds: DicomJsonDataset, group: number, creator: string, element: number): number | undefined {
  const text = privateText(ds, group, creator, element);
  if (text === undefined || text === '') return undefined;
  const n = Number(text.split('\\')[0]);
  return Number.isFinite(n) ? n : undefined;
}
