import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { sequenceItems, stringValue } from '../../dicom/model/dicomJsonAccess';
import { REJECTION_TITLE_FOR, REJECTION_TITLES } from './keyObjectCodes';

/** Key Object Selection Document Storage (PS3.4 B.5). */
export const KEY_OBJECT_SELECTION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.59';

export interface RejectionNote {
  /** The document title's code value (DCM). */
  reasonCode: string;
  reason: string;
  rejectedSopInstanceUids: string[];
}

const CONCEPT_NAME_CODE_SEQUENCE = '0040A043';
const CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE = '0040A375';
const REFERENCED_SERIES_SEQUENCE = '00081115';
const REFERENCED_SOP_SEQUENCE = '00081199';
const REFERENCED_SOP_INSTANCE_UID = '00081155';

/** The rejection an instance's header declares, or undefined when it is not a rejection note. */
export function rejectionNoteOf(ds: DicomJsonDataset): RejectionNote | undefined {
  if (stringValue(ds, '00080016') !== KEY_OBJECT_SELECTION_SOP_CLASS) return undefined;
  const [title] = sequenceItems(ds, CONCEPT_NAME_CODE_SEQUENCE);
  // Document titles of CID 7011 (scheme DCM) make a KOS an IHE IOCM rejection note: the instances
  // it lists are withdrawn, and a query, a retrieve or a display must not show them.
  const code = stringValue(title, '00080100');
  const reason = code && stringValue(title, '00080102') === 'DCM' && Object.hasOwn(REJECTION_TITLES, code) ? REJECTION_TITLES[code] : undefined;
  if (!code || !reason) return undefined;
  // The evidence sequence lists every instance the note references (PS3.3 C.17.2.2), which for a
  // rejection note is every instance it rejects.
  const rejected = sequenceItems(ds, CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE)
    .flatMap((study) => sequenceItems(study, REFERENCED_SERIES_SEQUENCE))
    .flatMap((series) => sequenceItems(series, REFERENCED_SOP_SEQUENCE))
    .map((sop) => stringValue(sop, REFERENCED_SOP_INSTANCE_UID))
    .filter((uid): uid is string => !!uid);
  return { reasonCode: code, reason: REJECTION_TITLE_FOR[reason].meaning, rejectedSopInstanceUids: [...new Set(rejected)] };
}
