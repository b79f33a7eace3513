import type { DataSet, Element } from 'dicom-parser';
import { createCharacterSetDecoder, decodeLatin1, type CharacterSetDecoder } from '../characterSets';
import { tagToKey } from '../dictionary/dataDictionary';
import { encodeBase64 } from './base64';
import {
  BINARY_VRS,
  CHARSET_VRS,
  dictionaryVr,
  NUMBER_VRS,
  SINGLE_VALUE_TEXT_VRS,
  isPrivateGroup,
  type VrContext,
} from './valueRepresentation';
import { readImplicitItems } from './readImplicitItems';
import { trimLeading, trimNulAndSpace, trimTrailing } from './trimPadding';
import type { DicomJsonAttribute, DicomJsonDataset } from '../model/dicomJson';

/** Decides, per binary element, whether it becomes a BulkDataURI (returned) or InlineBinary (undefined). */
export type BulkDataUriFor = (tagPath: number[], offset: number, length: number) => string | undefined;

export interface ToDicomJsonOptions {
  /** Explicit VR Big Endian data set: numbers and OW-like binaries are byte-swapped. */
  bigEndian: boolean;
  /** Implicit VR: VRs come from the data dictionary. */
  implicit: boolean;
  bulkDataUri?: BulkDataUriFor;
  /** Where to report problems that did not stop conversion. */
  warnings: string[];
  /** Convert group 0002 too (the File Meta Information); data sets skip it. */
  keepMetaGroup?: boolean;
}

const PIXEL_DATA_TAGS = new Set([0x7fe00010, 0x7fe00008, 0x7fe00009]);

function parseTag(tag: string): number {
  return parseInt(tag.slice(1), 16);
}

/** Trims the padding the VR allows (PS3.5 6.2): trailing spaces (and NULs for UI), leading ones where insignificant. */
function trimValue(vr: string, s: string): string {
  switch (vr) {
    case 'UI':
      return trimNulAndSpace(s);
    case 'LT':
    case 'ST':
    case 'UT':
    case 'UR':
    case 'PN':
    case 'UC':
      return trimNulAndSpace(s);
    default:
      return trimNulAndSpace(trimLeading(s, ' '));
  }
}

/** PN value → component groups; trailing empty components and their `^` are dropped (PS3.5 6.2.1.1). */
function personName(value: string): { Alphabetic?: string; Ideographic?: string; Phonetic?: string } {
  const [alphabetic, ideographic, phonetic] = value.split('=').map((g) => trimTrailing(g, '^ '));
  const pn: { Alphabetic?: string; Ideographic?: string; Phonetic?: string } = {};
  if (alphabetic) pn.Alphabetic = alphabetic;
  if (ideographic) pn.Ideographic = ideographic;
  if (phonetic) pn.Phonetic = phonetic;
  return pn;
}

/** Shortest decimal that reads back as the same 32-bit float: FL 3.1 stays "3.1", not 3.0999999046325684. */
function shortestFloat32(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

function numberOrString(vr: string, s: string): number | string | null {
  if (s === '') return null;
  const n = Number(s);
  if (Number.isFinite(n)) return vr === 'IS' ? Math.trunc(n) : n;
  return s;
}

function byteSwapped(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + size <= bytes.length; i += size) for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k]!;
  return out;
}

const SWAP_SIZE: Record<string, number> = { OW: 2, OF: 4, OL: 4, OD: 8, OV: 8 };

class Converter {
  constructor(private readonly options: ToDicomJsonOptions) {}

  convert(dataSet: DataSet, path: number[], inherited: { decoder: CharacterSetDecoder; ctx: VrContext }): DicomJsonDataset {
    const out: DicomJsonDataset = {};
    const bytes = dataSet.byteArray as Uint8Array;
    // Character set and pixel context may be (re)defined inside a sequence item.
    const scsElement = dataSet.elements.x00080005;
    let decoder = inherited.decoder;
    if (scsElement) {
      const scs = decodeLatin1(bytes.subarray(scsElement.dataOffset, scsElement.dataOffset + scsElement.length));
      decoder = createCharacterSetDecoder(scs.split('\\').map((t) => t.trim()));
      for (const t of decoder.unknownTerms) this.options.warnings.push(`unknown Specific Character Set "${t}", decoded as Latin-1`);
    }
    const ctx: VrContext = { ...inherited.ctx };
    const pr = dataSet.elements.x00280103;
    if (pr && pr.length >= 2) ctx.pixelRepresentation = this.view(bytes, pr).getUint16(0, !this.options.bigEndian);
    const ba = dataSet.elements.x00280100;
    if (ba && ba.length >= 2) ctx.bitsAllocated = this.view(bytes, ba).getUint16(0, !this.options.bigEndian);

    // dicom-parser keeps elements in file order, which is ascending tag order in a valid file.
    for (const key in dataSet.elements) {
      const element = dataSet.elements[key]!;
      const tag = parseTag(element.tag);
      const group = tag >>> 16;
      if ((group === 0x0002 && !this.options.keepMetaGroup) || group === 0xfffe) continue; // meta header and item delimiters are not data set attributes
      // Group Length (gggg,0000) is retired outside the meta header and left out of JSON (PS3.5 7.2).
      if ((tag & 0xffff) === 0 && group !== 0x0002) continue;
      try {
        out[tagToKey(tag)] = this.attribute(dataSet, element, tag, path, decoder, ctx);
      } catch (error) {
        this.options.warnings.push(`${tagLabel(tag)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return out;
  }

  private privateCreator(dataSet: DataSet, tag: number): string | undefined {
    const block = (tag >>> 8) & 0xff;
    const creatorTag = `x${((tag >>> 16) & 0xffff).toString(16).padStart(4, '0')}00${block.toString(16).padStart(2, '0')}`;
    const el = dataSet.elements[creatorTag];
    if (!el) return undefined;
    const bytes = dataSet.byteArray as Uint8Array;
    return decodeLatin1(bytes.subarray(el.dataOffset, el.dataOffset + el.length)).trim();
  }

  private view(bytes: Uint8Array, el: Element): DataView {
    return new DataView(bytes.buffer, bytes.byteOffset + el.dataOffset, Math.min(el.length, bytes.length - el.dataOffset));
  }

  /** `parentPath`: tags of the enclosing sequences; the attribute's own path is `[...parentPath, tag]`. */
  private attribute(
    dataSet: DataSet,
    element: Element,
    tag: number,
    parentPath: number[],
    decoder: CharacterSetDecoder,
    ctx: VrContext,
  ): DicomJsonAttribute {
    const bytes = dataSet.byteArray as Uint8Array;
    const explicitVr = this.options.implicit ? undefined : element.vr;
    // UN of a known tag is re-typed from the dictionary; its value is implicit VR little endian (PS3.5 6.2.2).
    const creator = isPrivateGroup(tag) ? this.privateCreator(dataSet, tag) : undefined;
    let vr = explicitVr && explicitVr !== 'UN' ? explicitVr : dictionaryVr(tag, ctx, creator);
    const valueIsLittleEndian = explicitVr === 'UN' || !this.options.bigEndian;
    if (vr === 'OB or OW' || vr === 'US or SS') vr = dictionaryVr(tag, ctx);

    // CP-246: UN with undefined length is a sequence encoded in implicit VR.
    if (vr === 'UN' && element.hadUndefinedLength && !element.items) vr = 'SQ';
    if (vr === 'SQ' && !element.items && element.length > 0 && element.length !== 0xffffffff) {
      // A defined-length sequence the parser could not recognise without a dictionary (private, or UN).
      readImplicitItems(dataSet, element, (t) => dictionaryVr(parseInt(t.slice(1), 16), ctx));
      if (!element.items) vr = 'UN';
    }
    if (vr === 'SQ' || element.items) {
      const items = element.items ?? [];
      const value = items.map((item) =>
        item.dataSet ? this.convert(item.dataSet, [...parentPath, tag], { decoder, ctx }) : ({} as DicomJsonDataset),
      );
      return value.length ? { vr: 'SQ', Value: value } : { vr: 'SQ' };
    }
    if (PIXEL_DATA_TAGS.has(tag) && (element.hadUndefinedLength || element.length === 0xffffffff)) {
      const uri = this.options.bulkDataUri?.([...parentPath, tag], element.dataOffset, element.length);
      return uri ? { vr, BulkDataURI: uri } : { vr };
    }
    if (tag === 0x00080005 && parentPath.length === 0) {
      // The model holds Unicode strings, so its Specific Character Set is UTF-8, as dcmtk and
      // DICOMweb servers write it in JSON (PS3.18 F.2: JSON is UTF-8).
      return { vr, Value: ['ISO_IR 192'] };
    }
    if (element.length === 0) return { vr };
    if (BINARY_VRS.has(vr)) {
      // Bulk data is referenced, not read: a header-only parse never has its bytes.
      const uri = this.options.bulkDataUri?.([...parentPath, tag], element.dataOffset, element.length);
      if (uri) return { vr, BulkDataURI: uri };
    }
    const end = Math.min(element.dataOffset + element.length, bytes.length);
    if (end - element.dataOffset < element.length) {
      this.options.warnings.push(`${tagLabel(tag)} value runs past the end of the data (${element.length} bytes declared)`);
    }
    const value = bytes.subarray(element.dataOffset, end);

    if (BINARY_VRS.has(vr)) {
      const swap = !valueIsLittleEndian ? SWAP_SIZE[vr] : undefined;
      return { vr, InlineBinary: encodeBase64(swap ? byteSwapped(value, swap) : value) };
    }
    const numeric = NUMBER_VRS[vr];
    if (numeric) {
      const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
      const values: number[] = [];
      for (let o = 0; o + numeric.size <= value.length; o += numeric.size) values.push(numeric.read(view, o, valueIsLittleEndian));
      if (vr === 'FL') for (let i = 0; i < values.length; i++) values[i] = shortestFloat32(values[i]!);
      return values.length ? { vr, Value: values } : { vr };
    }
    if (vr === 'AT') {
      const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
      const values: string[] = [];
      for (let o = 0; o + 4 <= value.length; o += 4) {
        const g = view.getUint16(o, valueIsLittleEndian);
        const e = view.getUint16(o + 2, valueIsLittleEndian);
        values.push(tagToKey(((g << 16) | e) >>> 0));
      }
      return { vr, Value: values };
    }
    // Text: decode with the character set where it applies, then split values on backslash.
    const text = CHARSET_VRS.has(vr) ? decoder.decode(value, vr === 'PN') : decodeLatin1(value);
    const parts = SINGLE_VALUE_TEXT_VRS.has(vr) ? [text] : text.split('\\');
    const trimmed = parts.map((p) => trimValue(vr, p));
    if (trimmed.length === 1 && trimmed[0] === '') return { vr };
    if (vr === 'PN') {
      const names = trimmed.map((p) => personName(p));
      if (names.every((n) => Object.keys(n).length === 0)) return { vr };
      return { vr, Value: names.map((n) => (Object.keys(n).length ? n : null)) };
    }

    if (vr === 'DS' || vr === 'IS') return { vr, Value: trimmed.map((p) => numberOrString(vr, p)) };
    return { vr, Value: trimmed.map((p) => (p === '' ? null : p)) };
  }
}

/** `(GGGG,EEEE)`, the form warnings use. */
function tagLabel(tag: number): string {
  const key = tagToKey(tag);
  return `(${key.slice(0, 4)},${key.slice(4)})`;
}

/** Converts a dicom-parser DataSet to the DICOM JSON model (PS3.18 F.2). */
export function datasetToDicomJson(dataSet: DataSet, options: ToDicomJsonOptions): DicomJsonDataset {
  const converter = new Converter(options);
  return converter.convert(dataSet, [], { decoder: createCharacterSetDecoder(undefined), ctx: {} });
}

export function isPixelDataTag(tag: number): boolean {
  return PIXEL_DATA_TAGS.has(tag);
}
