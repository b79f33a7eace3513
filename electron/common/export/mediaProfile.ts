import type { KeySet } from '../dicom/dicomdir/directoryRecordKeys';
import { TransferSyntax, transferSyntaxName } from '../dicom/transferSyntax';

/** What PS3.11 Application Profile a file-set's transfer syntaxes allow it to claim, and which DICOMDIR keys it gets. */
export interface MediaProfile {
  /** e.g. "STD-GEN-CD", "STD-GEN-USB-JPEG / STD-GEN-DVD-JPEG", or "none" when no General Purpose profile fits. */
  profile: string;
  conformant: boolean;
  keySet: KeySet;
  /** In words, for README.TXT and the command's report. */
  note: string;
}

const JPEG = new Set<string>([TransferSyntax.JpegBaseline, TransferSyntax.JpegExtended12Bit, TransferSyntax.JpegLosslessP14, TransferSyntax.JpegLosslessSV1]);
const J2K = new Set<string>([TransferSyntax.Jpeg2000Lossless, TransferSyntax.Jpeg2000]);

/**
 * The profile of a file-set from its files' transfer syntaxes (PS3.11 Annex D and the General
 * Purpose DVD/BD/USB profiles): STD-GEN-CD holds Explicit VR Little Endian only; the USB/DVD
 * JPEG profiles add the JPEG processes, the J2K ones JPEG 2000. Anything else (JPEG-LS, RLE,
 * HTJ2K, Implicit VR, deflate, video) fits no General Purpose profile: the media still reads
 * everywhere the syntax does, and README.TXT says so; `--transcode explicit-le` makes it STD-GEN-CD.
 */
export function mediaProfileOf(transferSyntaxes: Iterable<string>): MediaProfile {
  const syntaxes = new Set(transferSyntaxes);
  syntaxes.delete(TransferSyntax.ExplicitVRLittleEndian);
  if (syntaxes.size === 0) return { profile: 'STD-GEN-CD', conformant: true, keySet: 'general', note: 'every file is Explicit VR Little Endian (uncompressed): General Purpose CD-R Interchange (STD-GEN-CD)' };
  const all = [...syntaxes];
  if (all.every((ts) => JPEG.has(ts)))
    return { profile: 'STD-GEN-USB-JPEG / STD-GEN-DVD-JPEG', conformant: true, keySet: 'extended', note: `files in ${all.map(transferSyntaxName).join(', ')}: General Purpose USB/DVD Interchange with JPEG` };
  if (all.every((ts) => J2K.has(ts)))
    return { profile: 'STD-GEN-USB-J2K / STD-GEN-DVD-J2K', conformant: true, keySet: 'extended', note: `files in ${all.map(transferSyntaxName).join(', ')}: General Purpose USB/DVD Interchange with JPEG 2000` };
  return {
    profile: 'none',
    conformant: false,
    keySet: 'extended',
    note: `files kept in ${all.map(transferSyntaxName).join(', ')}: no PS3.11 General Purpose profile allows ${all.length > 1 ? 'this mix' : 'this syntax'}; viewers that read ${all.length > 1 ? 'them' : 'it'} read the media (export with --transcode explicit-le for STD-GEN-CD)`,
  };
}
