import { TransferSyntax } from '../../common/dicom/transferSyntax';

export const SopClass = {
  Verification: '1.2.840.10008.1.1',
  PatientRootFind: '1.2.840.10008.5.1.4.1.2.1.1',
  PatientRootMove: '1.2.840.10008.5.1.4.1.2.1.2',
  PatientRootGet: '1.2.840.10008.5.1.4.1.2.1.3',
  StudyRootFind: '1.2.840.10008.5.1.4.1.2.2.1',
  StudyRootMove: '1.2.840.10008.5.1.4.1.2.2.2',
  StudyRootGet: '1.2.840.10008.5.1.4.1.2.2.3',
  /** Modality Worklist Information Model – FIND (PS3.4 K.6.1). */
  ModalityWorklistFind: '1.2.840.10008.5.1.4.31',
} as const;

/** Where no transfer syntax was agreed beforehand: what every DICOM peer must accept. */
export const UNCOMPRESSED_SYNTAXES = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

/** Every syntax our SCP stores as received (the cache and the decoders read them all). */
export const STORABLE_SYNTAXES: string[] = Object.values(TransferSyntax);

/** Storage classes outside 1.2.840.10008.5.1.4.1.1 (PS3.4 B.5): hanging protocols, palettes, implants, RT. */
const OTHER_STORAGE = new Set(['1.2.840.10008.5.1.4.38.1', '1.2.840.10008.5.1.4.39.1', '1.2.840.10008.5.1.4.43.1', '1.2.840.10008.5.1.4.44.1', '1.2.840.10008.5.1.4.45.1', '1.2.840.10008.5.1.4.34.7', '1.2.840.10008.5.1.4.34.10']);

/**
 * What our Storage SCP accepts: every standard storage class (matched by pattern, so new classes
 * work) and private SOP classes (vendors' non-image objects are kept byte-exact like the rest).
 */
export function isStorageSopClass(uid: string): boolean {
  if (!uid.startsWith('1.2.840.10008.')) return uid.length > 0;
  return uid.startsWith('1.2.840.10008.5.1.4.1.1.') || OTHER_STORAGE.has(uid);
}

/** Status classes of PS3.7 C: success, pending, cancel, warning, failure. */
export function statusKind(status: number): 'success' | 'pending' | 'cancel' | 'warning' | 'failure' {
  if (status === 0x0000) return 'success';
  if (status === 0xff00 || status === 0xff01) return 'pending';
  if (status === 0xfe00) return 'cancel';
  if (status === 0x0001 || (status & 0xf000) === 0xb000 || status === 0x0107 || status === 0x0116) return 'warning';
  return 'failure';
}

export function statusText(status: number): string {
  return `status 0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
}
