import { TransferSyntax } from '../transferSyntax';

const VR_CODES = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

/**
 * Guesses the transfer syntax of a data set that has no meta header (PS3.10 does not require
 * one for a raw data set), the way dcmtk does: the byte order that makes the first group
 * small and even, and explicit VR when bytes 4–5 spell a VR.
 */
export function detectTransferSyntax(bytes: Uint8Array, start: number): string | undefined {
  if (bytes.length < start + 8) return undefined;
  const le = bytes[start]! | (bytes[start + 1]! << 8);
  const be = (bytes[start]! << 8) | bytes[start + 1]!;
  const plausible = (g: number): boolean => g !== 0 && g <= 0x7fe0;
  const vr = String.fromCharCode(bytes[start + 4]!, bytes[start + 5]!);
  const explicit = VR_CODES.has(vr);
  if (plausible(le) && (le <= be || !plausible(be))) return explicit ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
  if (plausible(be)) return explicit ? TransferSyntax.ExplicitVRBigEndian : undefined;
  return undefined;
}
