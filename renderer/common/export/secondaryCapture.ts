import { CompositeTag } from '../../../electron/common/dicom/model/compositeObjectTags';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { copiedAttributes, PATIENT_AND_STUDY, type CopiedAttribute } from '../../../electron/common/dicom/write/copiedAttributes';
import { writeDicomFile, type WriteElement } from '../../../electron/common/dicom/write/dicomWriter';

/** Secondary Capture Image Storage (one frame) and Multi-frame True Color SC (PS3.4 B.5). */
export const SC_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.7';
export const MULTIFRAME_TRUE_COLOR_SC = '1.2.840.10008.5.1.4.1.1.7.4';

export interface CaptureRequest {
  /** Any instance of the study the capture belongs to: patient and study are copied from it. */
  source: DicomJsonDataset;
  /** RGB, 8 bits, interleaved, rows top to bottom; one array per frame, all the same size. */
  frames: Uint8Array[];
  columns: number;
  rows: number;
  seriesDescription: string;
  /** Why the image exists, e.g. "MPR coronal, slab MIP 10 mm" (Derivation Description). */
  derivation: string;
  /** Milliseconds between frames of a cine (multi-frame only). */
  frameTimeMs?: number;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  seriesNumber: number;
  /** Content date and time (DA, TM) — the capture's, not the study's. */
  now: Date;
}

/** A UID from a random UUID (PS3.5 B.2). */
export function uuidUid(uuid: string = crypto.randomUUID()): string {
  return `2.25.${BigInt(`0x${uuid.replace(/-/g, '')}`).toString(10)}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const da = (d: Date) => `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
const tm = (d: Date) => `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

/**
 * Patient and study attributes copied unchanged from the source, each only when the source has
 * it; Specific Character Set too, so that names keep their encoding.
 */
const COPIED: readonly CopiedAttribute[] = [
  { key: CompositeTag.SpecificCharacterSet, vr: 'CS', type2: false },
  ...PATIENT_AND_STUDY,
  { key: CompositeTag.StudyInstanceUID, vr: 'UI', type2: false },
];

/**
 * A Secondary Capture of what the reader sees (PS3.3 A.8: SC Image, or Multi-frame True Color SC
 * for a cine), in the same patient and study, as a Part 10 file ready to store: RGB, 8 bits,
 * Conversion Type WSD (workstation), Image Type DERIVED\SECONDARY.
 */
export function secondaryCapture(r: CaptureRequest): Uint8Array {
  const multi = r.frames.length > 1;
  const frameBytes = r.columns * r.rows * 3;
  for (const f of r.frames) if (f.length !== frameBytes) throw new Error(`a capture frame has ${f.length} bytes, expected ${frameBytes} (${r.columns}×${r.rows} RGB)`);
  const pixels = new Uint8Array(frameBytes * r.frames.length + ((frameBytes * r.frames.length) % 2));
  r.frames.forEach((f, i) => pixels.set(f, i * frameBytes));
  const sopClassUid = multi ? MULTIFRAME_TRUE_COLOR_SC : SC_IMAGE_STORAGE;
  const elements: WriteElement[] = [
    ...copiedAttributes(r.source, COPIED, { absentType2: 'omit' }),
    { tag: 0x00080008, vr: 'CS', strings: ['DERIVED', 'SECONDARY'] },
    { tag: 0x00080016, vr: 'UI', strings: [sopClassUid] },
    { tag: 0x00080018, vr: 'UI', strings: [r.sopInstanceUid] },
    { tag: 0x00080023, vr: 'DA', strings: [da(r.now)] },
    { tag: 0x00080033, vr: 'TM', strings: [tm(r.now)] },
    { tag: 0x00080060, vr: 'CS', strings: ['OT'] },
    { tag: 0x00080064, vr: 'CS', strings: ['WSD'] },
    { tag: 0x00080070, vr: 'LO', strings: ['Lightbox'] },
    { tag: 0x0008103e, vr: 'LO', strings: [r.seriesDescription] },
    { tag: 0x00082111, vr: 'ST', strings: [r.derivation] },
    ...(multi && r.frameTimeMs !== undefined ? [{ tag: 0x00181063, vr: 'DS', strings: [String(r.frameTimeMs)] }] : []),
    { tag: 0x0020000e, vr: 'UI', strings: [r.seriesInstanceUid] },
    { tag: 0x00200011, vr: 'IS', strings: [String(r.seriesNumber)] },
    { tag: 0x00200013, vr: 'IS', strings: ['1'] },
    { tag: 0x00280002, vr: 'US', numbers: [3] },
    { tag: 0x00280004, vr: 'CS', strings: ['RGB'] },
    { tag: 0x00280006, vr: 'US', numbers: [0] },
    ...(multi
      ? [
          { tag: 0x00280008, vr: 'IS', strings: [String(r.frames.length)] },
          // Frame Increment Pointer → Frame Time (0018,1063).
          { tag: 0x00280009, vr: 'AT', bytes: new Uint8Array([0x18, 0x00, 0x63, 0x10]) },
        ]
      : []),
    { tag: 0x00280010, vr: 'US', numbers: [r.rows] },
    { tag: 0x00280011, vr: 'US', numbers: [r.columns] },
    { tag: 0x00280100, vr: 'US', numbers: [8] },
    { tag: 0x00280101, vr: 'US', numbers: [8] },
    { tag: 0x00280102, vr: 'US', numbers: [7] },
    { tag: 0x00280103, vr: 'US', numbers: [0] },
    { tag: 0x7fe00010, vr: 'OB', bytes: pixels },
  ];
  return writeDicomFile(elements, { sopClassUid, sopInstanceUid: r.sopInstanceUid });
}

/** RGB of RGBA pixels (what WebGL reads back), dropping alpha. */
export function rgbOf(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    out[o] = rgba[i]!;
    out[o + 1] = rgba[i + 1]!;
    out[o + 2] = rgba[i + 2]!;
  }
  return out;
}
