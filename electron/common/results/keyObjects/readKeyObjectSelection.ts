import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { sequenceItems, stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { readContentTree, type SrContentNode } from '../sr/readContentTree';
import { sameCode, type Code } from '../sr/srCodes';
import { KEY_OBJECT_DESCRIPTION, REJECTION_TITLES, type RejectionReason } from './keyObjectCodes';
import type { KeyObject } from './writeKeyObjectSelection';

/**
 * Reads a Key Object Selection document: its title and description and the objects it
 * selects, each placed in its study and series from the evidence sequences. A KOS titled as an
 * IHE IOCM rejection note reads as a rejection instead, for the cache to hide those instances.
 */

export interface KeyObjectSelectionModel {
  kind: 'key-objects';
  sopInstanceUid: string;
  title?: Code;
  description?: string;
  observerNames: string[];
  /** In content order; study and series empty when no evidence sequence names the instance. */
  objects: KeyObject[];
}

export interface RejectionNoteModel {
  kind: 'rejection';
  sopInstanceUid: string;
  reason: RejectionReason;
  title: Code;
  /** Every rejected instance: those in the content tree and those in the evidence (IOCM lists both). */
  rejectedSopInstanceUids: string[];
  /** The same instances with their study and series, for the cache to find them. */
  rejected: KeyObject[];
}

export type KeyObjectDocument = KeyObjectSelectionModel | RejectionNoteModel;

interface Placed {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

const CURRENT_REQUESTED_PROCEDURE_EVIDENCE = '0040A375';
const PERTINENT_OTHER_EVIDENCE = '0040A385';

/** Instances of Hierarchical SOP Instance Reference sequences (Table C.17-3). */
function evidence(ds: DicomJsonDataset, tags: string[]): Placed[] {
  const out: Placed[] = [];
  for (const tag of tags) {
    for (const study of sequenceItems(ds, tag)) {
      for (const series of sequenceItems(study, '00081115')) {
        for (const sop of sequenceItems(series, '00081199')) {
          out.push({
            studyInstanceUid: stringValue(study, Tag.StudyInstanceUID) ?? '',
            seriesInstanceUid: stringValue(series, Tag.SeriesInstanceUID) ?? '',
            sopClassUid: stringValue(sop, '00081150') ?? '',
            sopInstanceUid: stringValue(sop, '00081155') ?? '',
          });
        }
      }
    }
  }
  return out;
}

function contentObjects(root: SrContentNode, placed: Map<string, Placed>): KeyObject[] {
  return root.children
    .filter((c) => c.relationship === 'CONTAINS' && (c.valueType === 'IMAGE' || c.valueType === 'COMPOSITE' || c.valueType === 'WAVEFORM') && c.reference)
    .map((c) => {
      const ref = c.reference!;
      const where = placed.get(ref.sopInstanceUid);
      return {
        studyInstanceUid: where?.studyInstanceUid ?? '',
        seriesInstanceUid: where?.seriesInstanceUid ?? '',
        sopClassUid: ref.sopClassUid,
        sopInstanceUid: ref.sopInstanceUid,
        ...(ref.frames?.length ? { frames: ref.frames } : {}),
      };
    });
}

/** Reads a KOS (or IOCM rejection note). Throws when the data set is not a structured document. */
export function readKeyObjectSelection(ds: DicomJsonDataset): KeyObjectDocument {
  const root = readContentTree(ds);
  const sopInstanceUid = stringValue(ds, Tag.SOPInstanceUID) ?? '';
  // Where each referenced instance lives; a rejection note's rejected set is its Current
  // Requested Procedure Evidence (IHE IOCM), never its Identical Documents (copies of the note).
  const rejectedEvidence = evidence(ds, [CURRENT_REQUESTED_PROCEDURE_EVIDENCE]);
  const placed = new Map(evidence(ds, [CURRENT_REQUESTED_PROCEDURE_EVIDENCE, PERTINENT_OTHER_EVIDENCE]).map((p) => [p.sopInstanceUid, p]));
  const objects = contentObjects(root, placed);
  const title = root.conceptName;
  const reason = title && title.scheme === 'DCM' ? REJECTION_TITLES[title.value] : undefined;
  if (title && reason) {
    const rejected: KeyObject[] = [...objects];
    const seen = new Set(objects.map((o) => o.sopInstanceUid));
    for (const p of rejectedEvidence) {
      if (seen.has(p.sopInstanceUid)) continue;
      seen.add(p.sopInstanceUid);
      rejected.push(p);
    }
    return { kind: 'rejection', sopInstanceUid, reason, title, rejectedSopInstanceUids: rejected.map((r) => r.sopInstanceUid), rejected };
  }
  const description = root.children.find((c) => c.valueType === 'TEXT' && sameCode(c.conceptName, KEY_OBJECT_DESCRIPTION))?.text;
  const observerNames = root.children.filter((c) => c.valueType === 'PNAME').map((c) => c.personName ?? '');
  return { kind: 'key-objects', sopInstanceUid, ...(title ? { title } : {}), ...(description !== undefined ? { description } : {}), observerNames, objects };
}
