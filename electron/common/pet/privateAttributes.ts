import type { DicomJsonDataset } from '../dicom/model/dicomJson';

/**
 * A private attribute's text by its creator (PS3.5 7.8.1): the creator `creator` reserves a block
 * (gggg,00xx) and the attribute is (gggg,xxee). Headers read from implicit VR files hold private
 * values as UN bytes (InlineBinary), so those are decoded as text too.
 */
export function privateText(ds: DicomJsonDataset, group: number, creator: string, element: number): string | undefined {
  const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
  const g = hex(group, 4);
  for (let block = 0x10; block <= 0xff; block++) {
    const owner = attributeText(ds[`${g}00${hex(block, 2)}`]);
    if (owner === undefined) continue;
    if (owner.trim().toUpperCase() !== creator.toUpperCase()) continue;
    return attributeText(ds[`${g}${hex(block, 2)}${hex(element, 2)}`]);
  }
  return undefined;
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
