import type { DataSet, Element } from 'dicom-parser';
import { parseRawDataSet, type ParseDicomOptions } from '../dicom/parse/parseDicom';
import { readImplicitItems } from '../dicom/parse/readImplicitItems';
import { dictionaryVr } from '../dicom/parse/valueRepresentation';
import { isBigEndian, isImplicitVR } from '../dicom/transferSyntax';

/**
 * One element as stored: its VR and value bytes exactly as in the file (charset, padding and all),
 * or its items. De-identification replaces values it must and copies every other byte, so what it
 * does not touch stays what the modality wrote.
 */
export interface RawElement {
  tag: number;
  vr: string;
  /** The value bytes (native pixel data included); absent for sequences and encapsulated pixel data. */
  value?: Uint8Array;
  items?: RawElement[][];
  /** Encapsulated pixel data: the whole element (header, items, delimiter), copied byte for byte. */
  encapsulated?: Uint8Array;
}

export interface RawInstance {
  transferSyntaxUid: string;
  elements: RawElement[];
}

function tagNumber(element: Element): number {
  return parseInt(element.tag.slice(1), 16) >>> 0;
}

function convert(dataSet: DataSet, bytes: Uint8Array, implicit: boolean, itemsImplicit: boolean): RawElement[] {
  const out: RawElement[] = [];
  for (const key in dataSet.elements) {
    const element = dataSet.elements[key]!;
    const tag = tagNumber(element);
    const group = tag >>> 16;
    // Meta header, item delimiters and retired group lengths (PS3.5 7.2) are not carried over.
    if (group === 0x0002 || group === 0xfffe || ((tag & 0xffff) === 0 && group !== 0)) continue;
    const elementImplicit = implicit || itemsImplicit;
    let vr = (!elementImplicit && element.vr) || dictionaryVr(tag, {});
    if (vr === 'OB or OW' || vr === 'US or SS' || vr.length !== 2) vr = vr === 'US or SS' ? 'US' : vr.length === 2 ? vr : 'OW';
    if (element.hadUndefinedLength && !element.items && tag !== 0x7fe00010) {
      // An undefined-length value that is not pixel data can only be a sequence whose VR the
      // parser did not know (a private SQ in implicit VR): read its items as implicit VR.
      readImplicitItems(dataSet, element, (t) => dictionaryVr(parseInt(t.slice(1), 16), {}));
    }
    if (element.items) {
      // CP-246: an explicit UN of undefined length holds implicit-VR items; they are written back as SQ.
      const inner = itemsImplicit || element.vr === 'UN' || (element.vr === undefined && !implicit);
      out.push({ tag, vr: 'SQ', items: element.items.map((item) => (item.dataSet ? convert(item.dataSet, bytes, implicit, inner) : [])) });
      continue;
    }
    if (element.encapsulatedPixelData || (tag === 0x7fe00010 && element.hadUndefinedLength)) {
      out.push({ tag, vr: element.vr ?? 'OB', encapsulated: bytes.subarray(element.dataOffset - 12, element.dataOffset + element.length) });
      continue;
    }
    if (element.hadUndefinedLength) throw new Error(`(${key.slice(1, 5)},${key.slice(5)}) has an undefined length but is neither a sequence nor pixel data`);
    out.push({ tag, vr, value: bytes.subarray(element.dataOffset, element.dataOffset + element.length) });
  }
  return out;
}

/**
 * Reads a Part 10 file into raw elements. Explicit VR Big Endian (retired) is refused: its values
 * would have to be byte-swapped to be written in any syntax we write.
 */
export function readRawInstance(bytes: Uint8Array, options: Pick<ParseDicomOptions, 'source' | 'inflateRaw'>): RawInstance {
  const raw = parseRawDataSet(bytes, { ...options, headerOnly: false });
  if (isBigEndian(raw.transferSyntaxUid)) throw new Error(`Explicit VR Big Endian (retired) is not de-identified; convert it first`);
  const stopped = raw.warnings.find((w) => /parse stopped early|eof/i.test(w));
  if (stopped) throw new Error(`not read completely (${stopped}); refusing to de-identify a partial data set`);
  return { transferSyntaxUid: raw.transferSyntaxUid, elements: convert(raw.dataSet, raw.bytes, isImplicitVR(raw.transferSyntaxUid), false) };
}
