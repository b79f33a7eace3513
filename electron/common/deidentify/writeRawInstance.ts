import { writeDataset, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, type WriteElement } from '../dicom/write/dicomWriter';
import { TransferSyntax, isImplicitVR } from '../dicom/transferSyntax';
import type { RawElement } from './rawElementTree';

function toWrite(elements: RawElement[]): WriteElement[] {
  return elements.map((el) => (el.items ? { tag: el.tag, vr: 'SQ', items: el.items.map(toWrite) } : { tag: el.tag, vr: el.vr, bytes: el.value ?? new Uint8Array(0) }));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Writes raw elements as a Part 10 file in their own transfer syntax, through our writer. The
 * preamble is zeros and the File Meta Information is ours (PS3.15 E.1.1 item 7: the original's may
 * name the source). Encapsulated pixel data is copied byte for byte between the elements before and
 * after it, so compressed frames, their offset table and fragments are untouched.
 */
export function writeRawInstance(
  elements: RawElement[],
  meta: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string },
  deflateRaw?: (bytes: Uint8Array) => Uint8Array,
): Uint8Array {
  const metaBody = writeDataset(
    [
      { tag: 0x00020001, vr: 'OB', bytes: new Uint8Array([0, 1]) },
      { tag: 0x00020002, vr: 'UI', strings: [meta.sopClassUid] },
      { tag: 0x00020003, vr: 'UI', strings: [meta.sopInstanceUid] },
      { tag: 0x00020010, vr: 'UI', strings: [meta.transferSyntaxUid] },
      { tag: 0x00020012, vr: 'UI', strings: [IMPLEMENTATION_CLASS_UID] },
      { tag: 0x00020013, vr: 'SH', strings: [IMPLEMENTATION_VERSION_NAME] },
    ],
    TransferSyntax.ExplicitVRLittleEndian,
  );
  const metaLength = writeDataset([{ tag: 0x00020000, vr: 'UL', numbers: [metaBody.length] }], TransferSyntax.ExplicitVRLittleEndian);
  const deflated = meta.transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian;
  // Every other syntax we keep encodes the data set as Implicit or Explicit VR Little Endian.
  const bodySyntax = isImplicitVR(meta.transferSyntaxUid) ? TransferSyntax.ImplicitVRLittleEndian : TransferSyntax.ExplicitVRLittleEndian;
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const parts: Uint8Array[] = [];
  let run: RawElement[] = [];
  for (const el of sorted) {
    if (!el.encapsulated) {
      run.push(el);
      continue;
    }
    parts.push(writeDataset(toWrite(run), bodySyntax), el.encapsulated);
    run = [];
  }
  parts.push(writeDataset(toWrite(run), bodySyntax));
  let body = concat(parts);
  if (deflated) {
    if (!deflateRaw) throw new Error('Deflated Explicit VR Little Endian needs a deflater');
    body = deflateRaw(body);
  }
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, metaLength, metaBody, body]);
}
