/** Transfer Syntax UIDs (PS3.5 10, PS3.6 Annex A) and what a parser needs to know about each. */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  EncapsulatedUncompressed: '1.2.840.10008.1.2.1.98',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JpegBaseline: '1.2.840.10008.1.2.4.50',
  JpegExtended12Bit: '1.2.840.10008.1.2.4.51',
  JpegLosslessP14: '1.2.840.10008.1.2.4.57',
  JpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  JpegLsLossless: '1.2.840.10008.1.2.4.80',
  JpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  Jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  Jpeg2000: '1.2.840.10008.1.2.4.91',
  Htj2kLossless: '1.2.840.10008.1.2.4.201',
  Htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  Htj2k: '1.2.840.10008.1.2.4.203',
  RleLossless: '1.2.840.10008.1.2.5',
  DeflatedImageFrameCompression: '1.2.840.10008.1.2.8.1',
} as const;

const NAMES: Record<string, string> = {
  [TransferSyntax.ImplicitVRLittleEndian]: 'Implicit VR Little Endian',
  [TransferSyntax.ExplicitVRLittleEndian]: 'Explicit VR Little Endian',
  [TransferSyntax.EncapsulatedUncompressed]: 'Encapsulated Uncompressed Explicit VR Little Endian',
  [TransferSyntax.DeflatedExplicitVRLittleEndian]: 'Deflated Explicit VR Little Endian',
  [TransferSyntax.ExplicitVRBigEndian]: 'Explicit VR Big Endian (retired)',
  [TransferSyntax.JpegBaseline]: 'JPEG Baseline (Process 1)',
  [TransferSyntax.JpegExtended12Bit]: 'JPEG Extended (Process 2 & 4)',
  [TransferSyntax.JpegLosslessP14]: 'JPEG Lossless, Non-Hierarchical (Process 14)',
  [TransferSyntax.JpegLosslessSV1]: 'JPEG Lossless, Process 14, SV1',
  [TransferSyntax.JpegLsLossless]: 'JPEG-LS Lossless',
  [TransferSyntax.JpegLsNearLossless]: 'JPEG-LS Near-Lossless',
  [TransferSyntax.Jpeg2000Lossless]: 'JPEG 2000 (Lossless Only)',
  [TransferSyntax.Jpeg2000]: 'JPEG 2000',
  [TransferSyntax.Htj2kLossless]: 'HTJ2K (Lossless Only)',
  [TransferSyntax.Htj2kLosslessRpcl]: 'HTJ2K with RPCL Options (Lossless Only)',
  [TransferSyntax.Htj2k]: 'HTJ2K',
  [TransferSyntax.RleLossless]: 'RLE Lossless',
  [TransferSyntax.DeflatedImageFrameCompression]: 'Deflated Image Frame Compression',
};

export function transferSyntaxName(uid: string): string {
  return NAMES[uid] ?? `unknown transfer syntax ${uid}`;
}

/** Native (not encapsulated) pixel data: the uncompressed syntaxes. */
export function isEncapsulated(uid: string): boolean {
  return !(
    uid === TransferSyntax.ImplicitVRLittleEndian ||
    uid === TransferSyntax.ExplicitVRLittleEndian ||
    uid === TransferSyntax.DeflatedExplicitVRLittleEndian ||
    uid === TransferSyntax.ExplicitVRBigEndian
  );
}

export function isImplicitVR(uid: string): boolean {
  return uid === TransferSyntax.ImplicitVRLittleEndian;
}

export function isBigEndian(uid: string): boolean {
  return uid === TransferSyntax.ExplicitVRBigEndian;
}
