import type { RemoteStudy, RemoteStudyQuery } from '../../common/contract/hostContract';
import { numberValue, stringValue, stringValues, Tag } from '../../common/dicom/model/dicomJsonAccess';
import type { StudyCache } from '../cache/studyCache';
import { find } from '../dimse/dimseScu';
import { dicomWebClientFor } from './dicomWebNode';
import { auditedQuery } from './queryAudit';
import type { SecretBox } from './secretBox';
import { dimsePeer, type PacsNode } from './pacsSettings';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

function personName(ds: DicomJsonDataset, tag: string): string {
  const v = ds[tag]?.Value?.[0];
  return typeof v === 'object' && v !== null ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v ?? '');
}

/** Study-level search on a node (C-FIND or QIDO-RS), with how much of each study is already cached. */
export async function findRemoteStudies(node: PacsNode, ourAeTitle: string, query: RemoteStudyQuery, cache: StudyCache, limit = 500, secrets?: SecretBox): Promise<RemoteStudy[]> {
  const keys: Record<string, string> = {};
  if (query.studyInstanceUid) keys.StudyInstanceUID = query.studyInstanceUid;
  if (query.patientName) keys.PatientName = query.patientName;
  if (query.patientId) keys.PatientID = query.patientId;
  if (query.accessionNumber) keys.AccessionNumber = query.accessionNumber;
  if (query.studyDate) keys.StudyDate = query.studyDate;
  if (query.modality) keys.ModalitiesInStudy = query.modality;
  const found = await auditedQuery(cache, node, ourAeTitle, 'STUDY', keys, () =>
    node.kind === 'dimse' ? find(dimsePeer(node), ourAeTitle, 'STUDY', keys, { limit }) : dicomWebClientFor(node, secrets).searchStudies({ ...keys, limit: String(limit) }),
  );
  return found.map((ds) => {
    const uid = stringValue(ds, Tag.StudyInstanceUID) ?? '';
    return {
      studyInstanceUid: uid,
      patientName: personName(ds, '00100010'),
      patientId: stringValue(ds, Tag.PatientID) ?? '',
      accessionNumber: stringValue(ds, Tag.AccessionNumber) ?? '',
      studyDate: stringValue(ds, Tag.StudyDate) ?? '',
      studyDescription: stringValue(ds, Tag.StudyDescription) ?? '',
      modalities: stringValues(ds, '00080061'),
      seriesCount: numberValue(ds, '00201206'),
      instanceCount: numberValue(ds, '00201208'),
      cachedInstances: cache.index.instancesOfStudy(uid).length,
    };
  });
}
