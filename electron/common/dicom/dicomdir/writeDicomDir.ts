import type { RawElement } from '../../deidentify/rawElementTree';
import { TransferSyntax } from '../transferSyntax';
import { writeDataset, writeDicomFile, type WriteElement } from '../write/dicomWriter';
import type { DirectoryRecordNode } from './buildDirectoryRecords';

/** Media Storage Directory Storage: the SOP Class of a DICOMDIR (PS3.4 Annex I). */
export const MEDIA_STORAGE_DIRECTORY_SOP_CLASS = '1.2.840.10008.1.3.10';

function toWrite(el: RawElement): WriteElement {
  if (el.items) return { tag: el.tag, vr: 'SQ', items: el.items.map((item) => item.map(toWrite)) };
  return { tag: el.tag, vr: el.vr, bytes: el.value ?? new Uint8Array(0) };
}

/** The record's own elements (PS3.3 F.3.2.2): links, in-use flag, type, and for a file its ID and UIDs. */
function recordDataset(node: DirectoryRecordNode, next: number, lower: number): Uint8Array {
  const elements: WriteElement[] = [
    { tag: 0x00041400, vr: 'UL', numbers: [next] },
    { tag: 0x00041410, vr: 'US', numbers: [0xffff] },
    { tag: 0x00041420, vr: 'UL', numbers: [lower] },
    { tag: 0x00041430, vr: 'CS', strings: [node.type] },
    ...(node.file
      ? [
          { tag: 0x00041500, vr: 'CS', strings: node.file.fileId },
          { tag: 0x00041510, vr: 'UI', strings: [node.file.sopClassUid] },
          { tag: 0x00041511, vr: 'UI', strings: [node.file.sopInstanceUid] },
          { tag: 0x00041512, vr: 'UI', strings: [node.file.transferSyntaxUid] },
        ]
      : []),
    ...node.elements.map(toWrite),
  ];
  return writeDataset(elements, TransferSyntax.ExplicitVRLittleEndian);
}

function item(content: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + content.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, 0xe000, true);
  view.setUint32(4, content.length, true);
  out.set(content, 8);
  return out;
}

interface Placed {
  node: DirectoryRecordNode;
  offset: number;
  next?: Placed;
  firstChild?: Placed;
}

/** Records in the order they are written: each record, then its lower-level records (pre-order), then its next sibling. */
function preOrder(roots: DirectoryRecordNode[]): Placed[] {
  const out: Placed[] = [];
  const walk = (nodes: DirectoryRecordNode[]): Placed | undefined => {
    let first: Placed | undefined;
    let previous: Placed | undefined;
    for (const node of nodes) {
      const placed: Placed = { node, offset: 0 };
      out.push(placed);
      placed.firstChild = walk(node.children);
      if (previous) previous.next = placed;
      else first = placed;
      previous = placed;
    }
    return first;
  };
  walk(roots);
  return out;
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
 * Writes a DICOMDIR (PS3.3 F.2 Basic Directory IOD, PS3.10 8.6) in Explicit VR Little Endian.
 * Records are linked by byte offsets from the first byte of the file (preamble included): the
 * next record at the same level, the first record of the level below, and the first and last
 * records of the root. The offset elements are fixed-size (UL), so one pass with zeros gives
 * every record's size and place, and a second writes the real offsets.
 */
export function writeDicomDir(roots: DirectoryRecordNode[], options: { fileSetId: string; fileSetUid: string }): Uint8Array {
  const head = writeDicomFile([], { sopClassUid: MEDIA_STORAGE_DIRECTORY_SOP_CLASS, sopInstanceUid: options.fileSetUid });
  const topLevel = (first: number, last: number): Uint8Array =>
    writeDataset(
      [
        { tag: 0x00041130, vr: 'CS', strings: options.fileSetId ? [options.fileSetId] : [] },
        { tag: 0x00041200, vr: 'UL', numbers: [first] },
        { tag: 0x00041202, vr: 'UL', numbers: [last] },
        { tag: 0x00041212, vr: 'US', numbers: [0] },
      ],
      TransferSyntax.ExplicitVRLittleEndian,
    );
  const placed = preOrder(roots);
  // Sequence header: tag, "SQ", 2 reserved bytes, 4-byte length.
  let at = head.length + topLevel(0, 0).length + 12;
  for (const p of placed) {
    p.offset = at;
    at += 8 + recordDataset(p.node, 0, 0).length;
  }
  const items = placed.map((p) => item(recordDataset(p.node, p.next?.offset ?? 0, p.firstChild?.offset ?? 0)));
  const rootsPlaced = placed.filter((p) => roots.includes(p.node));
  const sequenceLength = items.reduce((n, i) => n + i.length, 0);
  const sequenceHeader = new Uint8Array(12);
  const view = new DataView(sequenceHeader.buffer);
  view.setUint16(0, 0x0004, true);
  view.setUint16(2, 0x1220, true);
  sequenceHeader.set([0x53, 0x51], 4); // "SQ"
  view.setUint32(8, sequenceLength, true);
  return concat([head, topLevel(rootsPlaced[0]?.offset ?? 0, rootsPlaced.at(-1)?.offset ?? 0), sequenceHeader, ...items]);
}
