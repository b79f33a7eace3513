import { TransferSyntax } from '../transferSyntax';

/** One element to write. Strings are encoded as ASCII/UTF-8 unless `bytes` is given (raw, already encoded). */
export type WriteValue =
  | { vr: 'SQ'; items: WriteElement[][] }
  | { vr: string; strings: string[] }
  | { vr: string; numbers: number[] }
  | { vr: string; bytes: Uint8Array }
  /** Encapsulated pixel data (PS3.5 A.4): an empty Basic Offset Table, then one fragment per entry. */
  | { vr: 'OB'; fragments: Uint8Array[] };

export type WriteElement = { tag: number } & WriteValue;

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const NUMBER_WRITERS: Record<string, [number, (v: DataView, o: number, x: number) => void]> = {
  US: [2, (v, o, x) => v.setUint16(o, x, true)],
  SS: [2, (v, o, x) => v.setInt16(o, x, true)],
  UL: [4, (v, o, x) => v.setUint32(o, x, true)],
  SL: [4, (v, o, x) => v.setInt32(o, x, true)],
  FL: [4, (v, o, x) => v.setFloat32(o, x, true)],
  FD: [8, (v, o, x) => v.setFloat64(o, x, true)],
};

/** Growable little-endian byte sink. */
class ByteSink {
  private buf = new Uint8Array(1 << 16);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  u16(x: number): void {
    this.ensure(2);
    this.buf[this.length++] = x & 0xff;
    this.buf[this.length++] = (x >>> 8) & 0xff;
  }
  u32(x: number): void {
    this.u16(x & 0xffff);
    this.u16((x >>> 16) & 0xffff);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const utf8 = new TextEncoder();

function padded(bytes: Uint8Array, vr: string): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  // PS3.5 6.2: UI and binary values pad with NUL, text with a space.
  out[bytes.length] = vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0 : 0x20;
  return out;
}

function encodeValue(el: WriteElement): Uint8Array {
  if ('bytes' in el) return padded(el.bytes, el.vr);
  if ('strings' in el) return padded(utf8.encode(el.strings.join('\\')), el.vr);
  if ('numbers' in el) {
    if (el.vr === 'DS' || el.vr === 'IS') return padded(utf8.encode(el.numbers.map(formatDecimalString).join('\\')), el.vr);
    const writer = NUMBER_WRITERS[el.vr];
    if (!writer) throw new Error(`cannot write numbers as VR ${el.vr}`);
    const out = new Uint8Array(writer[0] * el.numbers.length);
    const view = new DataView(out.buffer);
    el.numbers.forEach((x, i) => writer[1](view, i * writer[0], x));
    return out;
  }
  throw new Error('sequence values are written by writeElements');
}

/** DS allows 16 characters (PS3.5 Table 6.2-1): the shortest exact form that fits. */
export function formatDecimalString(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  for (let p = 15; p >= 1; p--) {
    const s = String(Number(x.toPrecision(p)));
    if (s.length <= 16) return s;
  }
  return x.toExponential(8);
}

function writeElements(sink: ByteSink, elements: WriteElement[], implicit = false): void {
  for (const el of [...elements].sort((a, b) => a.tag - b.tag)) {
    sink.u16(el.tag >>> 16);
    sink.u16(el.tag & 0xffff);
    if (!implicit) sink.bytes(utf8.encode(el.vr));
    if (el.vr === 'SQ' && 'items' in el) {
      // Undefined-length sequence and items: no lengths to patch, valid in every syntax.
      if (!implicit) sink.u16(0);
      sink.u32(0xffffffff);
      for (const item of el.items) {
        sink.u16(0xfffe);
        sink.u16(0xe000);
        sink.u32(0xffffffff);
        writeElements(sink, item, implicit);
        sink.u16(0xfffe);
        sink.u16(0xe00d);
        sink.u32(0);
      }
      sink.u16(0xfffe);
      sink.u16(0xe0dd);
      sink.u32(0);
      continue;
    }
    if ('fragments' in el) {
      if (implicit) throw new Error('encapsulated pixel data needs an explicit VR transfer syntax');
      sink.u16(0);
      sink.u32(0xffffffff);
      for (const part of [new Uint8Array(0), ...el.fragments.map((f) => padded(f, 'OB'))]) {
        sink.u16(0xfffe);
        sink.u16(0xe000);
        sink.u32(part.length);
        sink.bytes(part);
      }
      sink.u16(0xfffe);
      sink.u16(0xe0dd);
      sink.u32(0);
      continue;
    }
    const value = encodeValue(el);
    if (implicit) sink.u32(value.length);
    else if (LONG_LENGTH_VRS.has(el.vr)) {
      sink.u16(0);
      sink.u32(value.length);
    } else {
      if (value.length > 0xffff) throw new Error(`value of (${el.tag.toString(16)}) too long for VR ${el.vr}`);
      sink.u16(value.length);
    }
    sink.bytes(value);
  }
}

/** A bare data set (no preamble, no meta) in Implicit or Explicit VR Little Endian: DIMSE identifiers. */
export function writeDataset(elements: WriteElement[], transferSyntaxUid: string): Uint8Array {
  if (transferSyntaxUid !== TransferSyntax.ImplicitVRLittleEndian && transferSyntaxUid !== TransferSyntax.ExplicitVRLittleEndian) {
    throw new Error(`cannot write a data set in ${transferSyntaxUid}`);
  }
  const sink = new ByteSink();
  writeElements(sink, elements, transferSyntaxUid === TransferSyntax.ImplicitVRLittleEndian);
  return sink.result();
}

/** Our Implementation Class UID: a UUID-derived UID (PS3.5 B.2), no registered root needed. */
export const IMPLEMENTATION_CLASS_UID = '2.25.149855748446998045138584615014799466124';
export const IMPLEMENTATION_VERSION_NAME = 'LIGHTBOX_0_1';

/**
 * Writes a Part 10 file in Explicit VR Little Endian: preamble, "DICM", File Meta Information
 * (PS3.10 7.1) and the data set. Pixel data, if any, is one of the elements (native OW/OB).
 */
export function writeDicomFile(
  dataset: WriteElement[],
  meta: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid?: string },
): Uint8Array {
  const metaSink = new ByteSink();
  writeElements(metaSink, [
    { tag: 0x00020001, vr: 'OB', bytes: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', strings: [meta.sopClassUid] },
    { tag: 0x00020003, vr: 'UI', strings: [meta.sopInstanceUid] },
    { tag: 0x00020010, vr: 'UI', strings: [meta.transferSyntaxUid ?? TransferSyntax.ExplicitVRLittleEndian] },
    { tag: 0x00020012, vr: 'UI', strings: [IMPLEMENTATION_CLASS_UID] },
    { tag: 0x00020013, vr: 'SH', strings: [IMPLEMENTATION_VERSION_NAME] },
  ]);
  const metaBytes = metaSink.result();
  const sink = new ByteSink();
  sink.bytes(new Uint8Array(128));
  sink.bytes(utf8.encode('DICM'));
  writeElements(sink, [{ tag: 0x00020000, vr: 'UL', numbers: [metaBytes.length] }]);
  sink.bytes(metaBytes);
  writeElements(sink, dataset);
  return sink.result();
}
