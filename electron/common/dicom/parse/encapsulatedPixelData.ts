import type { PixelFragment } from './parsedDicom';

/**
 * Walks the items of encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item, then one
 * item per fragment, up to the Sequence Delimitation Item. Only item headers are read.
 * Returns 'need-more' when `bytes` is a file head that ends inside the items, or a warning
 * string when the structure is broken (fragments found so far are then lost to the caller).
 */
export function scanEncapsulatedPixelData(
  bytes: Uint8Array,
  start: number,
  isPartial: boolean,
): { basicOffsetTable?: number[]; fragments: PixelFragment[] } | 'need-more' | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = start;
  const fragments: PixelFragment[] = [];
  let basicOffsetTable: number[] | undefined;
  let first = true;
  while (true) {
    if (pos + 8 > bytes.length) return isPartial ? 'need-more' : `encapsulated pixel data ends without a Sequence Delimitation Item after ${fragments.length} fragment(s)`;
    const group = view.getUint16(pos, true);
    const element = view.getUint16(pos + 2, true);
    const length = view.getUint32(pos + 4, true);
    if (group === 0xfffe && element === 0xe0dd) break;
    if (group !== 0xfffe || element !== 0xe000) return `encapsulated pixel data: expected an item at byte ${pos}, found (${group.toString(16)},${element.toString(16)})`;
    if (length === 0xffffffff) return `encapsulated pixel data: item at byte ${pos} has undefined length`;
    const valueStart = pos + 8;
    if (first) {
      first = false;
      if (length > 0) {
        if (valueStart + length > bytes.length) return isPartial ? 'need-more' : 'Basic Offset Table runs past the end of the file';
        basicOffsetTable = [];
        for (let o = 0; o + 4 <= length; o += 4) basicOffsetTable.push(view.getUint32(valueStart + o, true));
      }
    } else {
      fragments.push({ offset: valueStart, length });
    }
    // Fragments may lie beyond a partial buffer: only their headers matter, and a header past
    // the end means "read more".
    pos = valueStart + length;
  }
  return { ...(basicOffsetTable ? { basicOffsetTable } : {}), fragments };
}
