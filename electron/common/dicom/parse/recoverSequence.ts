import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { newDataSet } from './dicomParserRuntime';

/**
 * After dicom-parser gave up part-way (it throws on a sequence item that runs past its
 * sequence or the file), recovers the next top-level element if it is a defined-length
 * explicit-VR sequence: its items are read one by one, each clamped to the bytes that exist,
 * as dcmtk does. Returns a warning, or undefined when there was nothing to recover.
 */
export function recoverTrailingSequence(dataSet: DataSet, bytes: Uint8Array, datasetStart: number, littleEndian: boolean): string | undefined {
  const elements = Object.values(dataSet.elements);
  const pos = elements.reduce((end, el) => Math.max(end, el.dataOffset + (el.length === 0xffffffff ? 0 : el.length)), datasetStart);
  if (pos + 12 > bytes.length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(pos, littleEndian);
  const element = view.getUint16(pos + 2, littleEndian);
  const vr = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!);
  if (vr !== 'SQ') return undefined;
  const length = view.getUint32(pos + 8, littleEndian);
  if (length === 0xffffffff) return undefined;
  const end = Math.min(pos + 12 + length, bytes.length);
  const parser = littleEndian ? dicomParser.littleEndianByteArrayParser : dicomParser.bigEndianByteArrayParser;
  const items: Element[] = [];
  let truncated = 0;
  for (let p = pos + 12; p + 8 <= end; ) {
    if (view.getUint16(p, littleEndian) !== 0xfffe || view.getUint16(p + 2, littleEndian) !== 0xe000) break;
    const itemLength = view.getUint32(p + 4, littleEndian);
    if (itemLength === 0xffffffff) break;
    const itemEnd = Math.min(p + 8 + itemLength, end);
    if (itemEnd < p + 8 + itemLength) truncated++;
    const itemSet = newDataSet(parser, bytes, {});
    itemSet.warnings = [];
    try {
      dicomParser.parseDicomDataSetExplicit(itemSet, new dicomParser.ByteStream(parser, bytes.subarray(0, itemEnd), p + 8), itemEnd);
    } catch {
      // keep the elements read before the damage
    }
    items.push({ tag: 'xfffee000', length: itemLength, dataOffset: p + 8, dataSet: itemSet } as Element);
    p += 8 + itemLength;
  }
  if (items.length === 0) return undefined;
  const tag = `x${group.toString(16).padStart(4, '0')}${element.toString(16).padStart(4, '0')}`;
  dataSet.elements[tag] = { tag, vr: 'SQ', length, dataOffset: pos + 12, items } as Element;
  const label = `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5).toUpperCase()})`;
  return `recovered ${items.length} item(s) of ${label}${truncated ? `; ${truncated} ran past the end and were read in part` : ''}`;
}
