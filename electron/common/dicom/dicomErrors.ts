/** What went wrong, machine-readable, for reports and tests. */
export type DicomErrorReason =
  | 'not-dicom'
  | 'truncated'
  | 'bad-length'
  | 'bad-structure'
  | 'unsupported-transfer-syntax'
  | 'too-large'
  | 'inflate-failed';

/** A DICOM file could not be parsed: names the file and says what is wrong with it. */
export class DicomParseError extends Error {
  constructor(
    readonly source: string,
    readonly reason: DicomErrorReason,
    readonly detail: string,
  ) {
    super(`${source}: ${reasonText(reason)}: ${detail}`);
    this.name = 'DicomParseError';
  }
}

function reasonText(reason: DicomErrorReason): string {
  switch (reason) {
    case 'not-dicom':
      return 'not a DICOM file';
    case 'truncated':
      return 'file is truncated';
    case 'bad-length':
      return 'an element length is impossible';
    case 'bad-structure':
      return 'malformed data set';
    case 'unsupported-transfer-syntax':
      return 'unsupported transfer syntax';
    case 'too-large':
      return 'data set too large';
    case 'inflate-failed':
      return 'deflated data set cannot be inflated';
  }
}
