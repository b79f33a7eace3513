import { lookupTag } from '../dictionary/dataDictionary';
import { TransferSyntax } from '../transferSyntax';

const VR_CODES = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

/**
 * Guesses the transfer syntax of a data set that has no (usable) meta header, the way dcmtk
 * does: the byte order that makes the first group small, explicit VR when bytes 4–5 spell a
 * VR. With `strict` (no DICM prefix either: the bytes may not be DICOM at all) the first
 * element must also be a known data element whose length fits in the data.
 */
export function detectTransferSyntax(bytes: Uint8Array, start: number, strict: boolean): string | undefined {
  if (bytes.length < start + 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getUint16(start, true);
  const be = view.getUint16(start, false);
  const plausible = (g: number): boolean => g !== 0 && g <= 0x7fe0;
  const vr = String.fromCharCode(bytes[start + 4]!, bytes[start + 5]!);
  const explicit = VR_CODES.has(vr);
  const littleEndian = plausible(le) && (le <= be || !plausible(be));
  if (!littleEndian && !(plausible(be) && explicit)) return undefined;
  if (strict) {
    const element = littleEndian ? view.getUint16(start + 2, true) : view.getUint16(start + 2, false);
    const tag = (((littleEndian ? le : be) << 16) | element) >>> 0;
    if (element !== 0 && !lookupTag(tag)) return undefined;
    const length = explicit ? view.getUint16(start + 6, littleEndian) : view.getUint32(start + 4, littleEndian);
    if (length !== 0xffffffff && length > bytes.length - start) return undefined;
  }
  if (littleEndian) return explicit ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
  return TransferSyntax.ExplicitVRBigEndian;
}
