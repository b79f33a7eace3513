import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

/** What became of one file sent in a STOW-RS request, in words a reader understands. */
export type FileOutcome = { file: string; stored: true; warning?: string } | { file: string; stored: false; reason: string };

/**
 * The SOP Instance UID a Part 10 file declares in its File Meta Information (0002,0003), read
 * without a DICOM parser (the meta group is always explicit VR little endian, PS3.10 7.1); a
 * reason instead when the file has no DICOM preamble and meta header.
 */
export function declaredSopInstanceUid(bytes: Uint8Array): { uid: string } | { reason: string } {
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') return { reason: 'not a DICOM file (no "DICM" at byte 128)' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 132;
  while (at + 8 <= bytes.length) {
    const group = view.getUint16(at, true);
    if (group !== 0x0002) break;
    const element = view.getUint16(at + 2, true);
    const vr = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!);
    const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV'].includes(vr);
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    const value = at + (long ? 12 : 8);
    if (value + length > bytes.length) break;
    if (element === 0x0003) return { uid: String.fromCharCode(...bytes.subarray(value, value + length)).replace(/[\0 ]+$/, '') };
    at = value + length;
  }
  return { reason: 'its File Meta Information names no SOP Instance UID (0002,0003)' };
}

/** PS3.18 10.5.3 / PS3.4 B.2.3 failure and warning reasons, as a reader would put them. */
function failureText(code: number | undefined): string {
  if (code === 0xa700) return "refused: the workstation's disk is full";
  if (code === 0xa900) return 'refused: the file is damaged (the site refuses damaged instances)';
  if (code === 0xc000) return 'the workstation could not read it as a DICOM instance';
  return code === undefined ? 'not stored (no reason given)' : `not stored (failure 0x${code.toString(16).toUpperCase()})`;
}

function uidsAndCodes(items: unknown, codeTag: string): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const item of (items ?? []) as DicomJsonDataset[]) {
    const uid = item['00081155']?.Value?.[0];
    if (typeof uid === 'string') out.set(uid, item[codeTag]?.Value?.[0] as number | undefined);
  }
  return out;
}

/**
 * Each file's outcome from a STOW-RS response (Referenced SOP Sequence with any Warning Reason,
 * Failed SOP Sequence with its Failure Reason), matched by the SOP Instance UID each file declares:
 * a failed import names every file and why (it said "2 not stored" and nothing else).
 */
export function stowOutcomes(files: Array<{ name: string; bytes: Uint8Array }>, response: DicomJsonDataset): FileOutcome[] {
  const stored = uidsAndCodes(response['00081199']?.Value, '00081196');
  const failed = uidsAndCodes(response['00081198']?.Value, '00081197');
  const declaredAll = files.map((f) => declaredSopInstanceUid(f.bytes));
  // Files without a meta header (a bare data set the host still reads) declare no UID: the stored
  // instances no file claims are theirs, in order (the host answers the parts in the order sent).
  const claimed = new Set(declaredAll.flatMap((d) => ('uid' in d ? [d.uid] : [])));
  const unclaimed = [...stored.keys()].filter((uid) => !claimed.has(uid));
  return files.map(({ name }, k) => {
    const declared = declaredAll[k]!;
    if ('reason' in declared) {
      const uid = unclaimed.shift();
      if (uid !== undefined) return stored.get(uid) === 0xb007 ? { file: name, stored: true, warning: 'stored, but damaged: part of its image cannot be shown' } : { file: name, stored: true };
      return { file: name, stored: false, reason: declared.reason };
    }
    if (stored.has(declared.uid)) {
      const warning = stored.get(declared.uid);
      return warning === 0xb007 ? { file: name, stored: true, warning: 'stored, but damaged: part of its image cannot be shown' } : { file: name, stored: true };
    }
    // Not referenced: the failure carries its UID when the host could read one; when it could not, it was not readable.
    return { file: name, stored: false, reason: failureText(failed.has(declared.uid) ? failed.get(declared.uid) : 0xc000) };
  });
}
