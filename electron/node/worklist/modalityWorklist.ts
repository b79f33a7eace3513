import { sequenceItems, stringValue, stringValues } from '../../common/dicom/model/dicomJsonAccess';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import type { WriteElement } from '../../common/dicom/write/dicomWriter';
import type { WorklistEntry, WorklistQuery } from '../../common/worklist/worklistTypes';
import { findIdentifiers } from '../dimse/dimseScu';
import type { DimsePeer } from '../dimse/requestAssociation';
import { SopClass } from '../dimse/sopClasses';

// Modality Worklist Information Model – FIND (PS3.4 K.6.1): the attributes we match on and ask
// back. Top level: patient, imaging service request and requested procedure; nested: the
// Scheduled Procedure Step Sequence, one item carrying the step's matching and return keys.

/** Top-level keys: [tag, VR]. */
export const MWL_TOP_KEYS: ReadonlyArray<readonly [number, string, keyof WorklistQuery | undefined]> = [
  [0x00080050, 'SH', 'accessionNumber'], // Accession Number
  [0x00100010, 'PN', 'patientName'], // Patient's Name
  [0x00100020, 'LO', 'patientId'], // Patient ID
  [0x00100030, 'DA', undefined], // Patient's Birth Date
  [0x00100040, 'CS', undefined], // Patient's Sex
  [0x0020000d, 'UI', undefined], // Study Instance UID
  [0x00321060, 'LO', undefined], // Requested Procedure Description
  [0x00401001, 'SH', undefined], // Requested Procedure ID
];

/** Keys inside the Scheduled Procedure Step Sequence (0040,0100) item. */
export const MWL_STEP_KEYS: ReadonlyArray<readonly [number, string, keyof WorklistQuery | undefined]> = [
  [0x00080060, 'CS', 'modality'], // Modality
  [0x00400001, 'AE', 'stationAeTitle'], // Scheduled Station AE Title
  [0x00400002, 'DA', 'scheduledDate'], // Scheduled Procedure Step Start Date
  [0x00400003, 'TM', undefined], // Scheduled Procedure Step Start Time
  [0x00400007, 'LO', undefined], // Scheduled Procedure Step Description
  [0x00400009, 'SH', undefined], // Scheduled Procedure Step ID
];

const SCHEDULED_PROCEDURE_STEP_SEQUENCE = 0x00400100;

function keyElements(keys: typeof MWL_TOP_KEYS, query: WorklistQuery): WriteElement[] {
  return keys.map(([tag, vr, from]) => {
    const value = from ? query[from] : undefined;
    return { tag, vr, strings: value ? [value] : [] };
  });
}

/** The C-FIND identifier of a worklist query: every return key, the query's values as matching keys. */
export function buildWorklistIdentifier(query: WorklistQuery): WriteElement[] {
  const step: WriteElement = { tag: SCHEDULED_PROCEDURE_STEP_SEQUENCE, vr: 'SQ', items: [keyElements(MWL_STEP_KEYS, query)] };
  return [...keyElements(MWL_TOP_KEYS, query), step].sort((a, b) => a.tag - b.tag);
}

/** A C-FIND response (or a worklist file) as a typed entry. */
export function entryFromWorklistResponse(ds: DicomJsonDataset): WorklistEntry {
  const step = sequenceItems(ds, '00400100')[0];
  const text = (from: DicomJsonDataset | undefined, tag: string): string => stringValue(from, tag) ?? '';
  return {
    source: 'mwl',
    patientName: text(ds, '00100010'),
    patientId: text(ds, '00100020'),
    patientBirthDate: text(ds, '00100030'),
    patientSex: text(ds, '00100040'),
    accessionNumber: text(ds, '00080050'),
    requestedProcedureId: text(ds, '00401001'),
    requestedProcedureDescription: text(ds, '00321060'),
    studyInstanceUid: text(ds, '0020000D'),
    scheduledStep: {
      id: text(step, '00400009'),
      startDate: text(step, '00400002'),
      startTime: text(step, '00400003'),
      modality: text(step, '00080060'),
      stationAeTitles: stringValues(step, '00400001').filter(Boolean),
      description: text(step, '00400007'),
    },
    dataset: ds,
  };
}

/** Modality Worklist C-FIND on a RIS (or a PACS serving the worklist): the entries, in the order the SCP answered. */
export async function queryModalityWorklist(peer: DimsePeer, callingAe: string, query: WorklistQuery, options: { limit?: number } = {}): Promise<WorklistEntry[]> {
  const found = await findIdentifiers(peer, callingAe, SopClass.ModalityWorklistFind, buildWorklistIdentifier(query), options);
  return found.map(entryFromWorklistResponse);
}
