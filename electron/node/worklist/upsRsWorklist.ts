import { sequenceItems, stringValue, stringValues } from '../../common/dicom/model/dicomJsonAccess';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import type { WorklistEntry, WorklistQuery } from '../../common/worklist/worklistTypes';
import type { QueryKeys } from '../dimse/queryIdentifier';
import type { DicomWebClient } from '../pacs/dicomWebClient';

// UPS-RS (PS3.18 11.9, PS3.4 CC) as a worklist: a workitem carries what a Modality Worklist entry
// does, in other places (PS3.4 Table CC.2.5-3). The mapping we read and search by:
//   patient                      → top-level Patient's Name / ID / Birth Date / Sex
//   accession, requested proc.   → Referenced Request Sequence (0040,A370) item: Accession Number,
//                                  Requested Procedure ID / Description, Study Instance UID
//   scheduled start              → Scheduled Procedure Step Start DateTime (0040,4005), DT
//   modality                     → Scheduled Station Class Code Sequence (0040,4026) code value
//   station AE title             → Scheduled Station Name Code Sequence (0040,4025) code value
//   step description             → Procedure Step Label (0074,1204)
// UPS has no Scheduled Procedure Step ID: the step's id is the workitem's SOP Instance UID.

/** Attributes asked back (`includefield`) besides the ones a UPS-RS search returns anyway. */
const INCLUDE_FIELDS = [
  'PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyInstanceUID', 'ReferencedRequestSequence', 'ScheduledProcedureStepStartDateTime',
  'ScheduledStationClassCodeSequence', 'ScheduledStationNameCodeSequence', 'ProcedureStepLabel', 'ProcedureStepState', 'SOPInstanceUID',
];

/** A DA value or range → the same range over DT (the whole first and last days). */
export function dateRangeAsDateTime(date: string): string {
  const [from, to] = date.includes('-') ? date.split('-') : [date, date];
  return `${from ? `${from}000000` : ''}-${to ? `${to}235959` : ''}`;
}

/** The search's query parameters: only scheduled workitems, the query's values as matching keys. */
export function workitemSearchKeys(query: WorklistQuery): QueryKeys {
  const keys: QueryKeys = { ProcedureStepState: 'SCHEDULED' };
  if (query.patientName) keys.PatientName = query.patientName;
  if (query.patientId) keys.PatientID = query.patientId;
  if (query.accessionNumber) keys['ReferencedRequestSequence.AccessionNumber'] = query.accessionNumber;
  if (query.scheduledDate) keys.ScheduledProcedureStepStartDateTime = dateRangeAsDateTime(query.scheduledDate);
  if (query.modality) keys['ScheduledStationClassCodeSequence.CodeValue'] = query.modality;
  if (query.stationAeTitle) keys['ScheduledStationNameCodeSequence.CodeValue'] = query.stationAeTitle;
  keys.includefield = INCLUDE_FIELDS.join(',');
  return keys;
}

/** DT `YYYYMMDDHHMMSS.FFFFFF&ZZXX` → DA and TM (the offset dropped: the RIS's local time, as MWL gives it). */
function splitDateTime(dt: string): { date: string; time: string } {
  const local = dt.replace(/[+-]\d{4}$/, '');
  return { date: local.slice(0, 8), time: local.slice(8) };
}

/** A workitem (UPS-RS search match) as a typed entry. */
export function entryFromWorkitem(ds: DicomJsonDataset): WorklistEntry {
  const text = (from: DicomJsonDataset | undefined, tag: string): string => stringValue(from, tag) ?? '';
  const request = sequenceItems(ds, '0040A370')[0];
  const start = splitDateTime(text(ds, '00404005'));
  const workitemUid = text(ds, '00080018');
  return {
    source: 'ups-rs',
    patientName: text(ds, '00100010'),
    patientId: text(ds, '00100020'),
    patientBirthDate: text(ds, '00100030'),
    patientSex: text(ds, '00100040'),
    accessionNumber: text(request, '00080050'),
    requestedProcedureId: text(request, '00401001'),
    requestedProcedureDescription: text(request, '00321060'),
    studyInstanceUid: text(ds, '0020000D') || text(request, '0020000D'),
    scheduledStep: {
      id: workitemUid,
      startDate: start.date,
      startTime: start.time,
      modality: text(sequenceItems(ds, '00404026')[0], '00080100'),
      stationAeTitles: sequenceItems(ds, '00404025').flatMap((item) => stringValues(item, '00080100')).filter(Boolean),
      description: text(ds, '00741204'),
    },
    ...(workitemUid ? { workitemUid } : {}),
    dataset: ds,
  };
}

/** UPS-RS search on a DICOMweb node that serves workitems. */
export async function searchWorklistItems(client: DicomWebClient, query: WorklistQuery): Promise<WorklistEntry[]> {
  return (await client.searchWorkitems(workitemSearchKeys(query))).map(entryFromWorkitem);
}
