import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../common/dicom/write/dicomWriter';
import { trimNulAndSpace } from '../../common/dicom/parse/trimPadding';

/** What a Part 10 file's meta header says, and where its data set starts. */
export interface FileMetaSummary {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  datasetOffset: number;
}

const latin = new TextDecoder('latin1');

/**
 * Reads the File Meta Information (PS3.10 7.1, always Explicit VR Little Endian) of a Part 10
 * file without parsing its data set; throws naming `source` when it is not one.
 */
export function readFileMeta(bytes: Uint8Array, source: string): FileMetaSummary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefixed = bytes.length >= 132 && latin.decode(bytes.subarray(128, 132)) === 'DICM';
  // Some writers omit the preamble but keep the meta header: read that too.
  if (!prefixed && !(bytes.length >= 8 && view.getUint16(0, true) === 0x0002)) throw new Error(`${source}: not a DICOM Part 10 file (no DICM prefix, no file meta information)`);
  const values = new Map<number, string>();
  let at = prefixed ? 132 : 0;
  while (at + 8 <= bytes.length && view.getUint16(at, true) === 0x0002) {
    const element = view.getUint16(at + 2, true);
    const vr = latin.decode(bytes.subarray(at + 4, at + 6));
    const long = vr === 'OB' || vr === 'UN' || vr === 'UT' || vr === 'SQ';
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    const start = at + (long ? 12 : 8);
    if (start + length > bytes.length) throw new Error(`${source}: file meta information runs past the end of the file`);
    if (vr === 'UI') values.set(element, trimNulAndSpace(latin.decode(bytes.subarray(start, start + length))));
    at = start + length;
  }
  const sopClassUid = values.get(0x0002) ?? '';
  const sopInstanceUid = values.get(0x0003) ?? '';
  const transferSyntaxUid = values.get(0x0010) ?? '';
  if (!sopClassUid || !sopInstanceUid || !transferSyntaxUid) {
    throw new Error(`${source}: file meta information lacks ${!sopClassUid ? 'the Media Storage SOP Class UID' : !sopInstanceUid ? 'the Media Storage SOP Instance UID' : 'the Transfer Syntax UID'}`);
  }
  return { sopClassUid, sopInstanceUid, transferSyntaxUid, datasetOffset: at };
}

const ascii = new TextEncoder();

function metaElement(element: number, vr: string, value: Uint8Array, pad: number): Uint8Array {
  const padded = value.length % 2 === 0 ? value : Uint8Array.from([...value, pad]);
  const long = vr === 'OB';
  const out = new Uint8Array((long ? 12 : 8) + padded.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0x0002, true);
  view.setUint16(2, element, true);
  out.set(ascii.encode(vr), 4);
  if (long) view.setUint32(8, padded.length, true);
  else view.setUint16(6, padded.length, true);
  out.set(padded, long ? 12 : 8);
  return out;
}

/**
 * Preamble, "DICM" and File Meta Information for a data set received over the network, so
 * that the received bytes follow unchanged (PS3.10 7.1; Source AE Title per the 2011 addition).
 */
export function buildFilePrefix(meta: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string; sourceAeTitle?: string }): Uint8Array {
  const elements = [
    metaElement(0x0001, 'OB', Uint8Array.of(0, 1), 0),
    metaElement(0x0002, 'UI', ascii.encode(meta.sopClassUid), 0),
    metaElement(0x0003, 'UI', ascii.encode(meta.sopInstanceUid), 0),
    metaElement(0x0010, 'UI', ascii.encode(meta.transferSyntaxUid), 0),
    metaElement(0x0012, 'UI', ascii.encode(IMPLEMENTATION_CLASS_UID), 0),
    metaElement(0x0013, 'SH', ascii.encode(IMPLEMENTATION_VERSION_NAME), 0x20),
    ...(meta.sourceAeTitle ? [metaElement(0x0016, 'AE', ascii.encode(meta.sourceAeTitle), 0x20)] : []),
  ];
  const groupLength = elements.reduce((n, e) => n + e.length, 0);
  const lengthElement = new Uint8Array(12);
  const view = new DataView(lengthElement.buffer);
  view.setUint16(0, 0x0002, true);
  view.setUint16(2, 0x0000, true);
  lengthElement.set(ascii.encode('UL'), 4);
  view.setUint16(6, 4, true);
  view.setUint32(8, groupLength, true);
  const out = new Uint8Array(132 + 12 + groupLength);
  out.set(ascii.encode('DICM'), 128);
  out.set(lengthElement, 132);
  let at = 144;
  for (const e of elements) {
    out.set(e, at);
    at += e.length;
  }
  return out;
}
