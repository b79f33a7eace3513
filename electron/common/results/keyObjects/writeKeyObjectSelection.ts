import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { writeDicomFile } from '../../dicom/write/dicomWriter';
import { codeItem, compositeItem, container, imageItem, personNameItem, textItem, waveformItem, type ContentItem } from '../sr/contentItems';
import { checkDateTime, documentSeriesAndEquipment, evidenceSequence, patientAndStudy, withSopCommon, type DocumentIdentity, type EvidenceReference } from '../sr/documentHeader';
import { Codes, type Code } from '../sr/srCodes';
import { KEY_OBJECT_DESCRIPTION, REJECTION_TITLE_FOR, type RejectionReason } from './keyObjectCodes';
import { KEY_OBJECT_SELECTION_SOP_CLASS } from './rejectionNote';

/**
 * Key Object Selection Document (PS3.3 A.35.4) with TID 2010 content: a title from CID 7010,
 * an optional description, the selected instances. IOCM rejection notes are KOS documents with
 * a rejection title (`writeRejectionNote`).
 */

export const KEY_OBJECT_SELECTION = KEY_OBJECT_SELECTION_SOP_CLASS;

/** One selected object: an instance (with frames, for multi-frame images) and where it lives. */
export type KeyObject = EvidenceReference;

export interface KeyObjectSelectionRequest {
  /** An instance of the study the document belongs to: patient and study are copied from it. */
  source: DicomJsonDataset;
  /** CID 7010 document title (see KeyObjectTitles). */
  title: Code;
  /** Key Object Description (113012, DCM): free text, at most one. */
  description?: string;
  /** Who selected them (TID 1002 Person Observer Name); optional in TID 2010. */
  observerName?: string;
  objects: KeyObject[];
  document: DocumentIdentity;
}

const NON_IMAGE_PREFIXES = [
  '1.2.840.10008.5.1.4.1.1.88', // structured reports, key object selections
  '1.2.840.10008.5.1.4.1.1.11', // presentation states
  '1.2.840.10008.5.1.4.1.1.104', // encapsulated documents
  '1.2.840.10008.5.1.4.1.1.481', // RT objects
  '1.2.840.10008.5.1.4.1.1.66', // raw data, registrations, fiducials, segmentations
  '1.2.840.10008.5.1.4.1.1.67', // real world value mapping
];
/** Image IODs under those roots: RT Image, Segmentation, Label Map Segmentation. */
const IMAGES_AMONG_NON_IMAGES = new Set(['1.2.840.10008.5.1.4.1.1.481.1', '1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.66.7']);

/** The value type an object is referenced with (TID 2010 rows 6–8): images, waveforms, any other composite. */
export function keyObjectValueType(sopClassUid: string): 'IMAGE' | 'WAVEFORM' | 'COMPOSITE' {
  if (sopClassUid.startsWith('1.2.840.10008.5.1.4.1.1.9.')) return 'WAVEFORM';
  if (IMAGES_AMONG_NON_IMAGES.has(sopClassUid)) return 'IMAGE';
  return NON_IMAGE_PREFIXES.some((p) => sopClassUid === p || sopClassUid.startsWith(`${p}.`)) ? 'COMPOSITE' : 'IMAGE';
}

function referenceItem(o: KeyObject): ContentItem {
  const type = keyObjectValueType(o.sopClassUid);
  if (type === 'WAVEFORM') return waveformItem('CONTAINS', undefined, o);
  if (type === 'COMPOSITE') return compositeItem('CONTAINS', undefined, o);
  return imageItem('CONTAINS', undefined, o);
}

export function writeKeyObjectSelection(req: KeyObjectSelectionRequest): { bytes: Uint8Array; sopClassUid: string; sopInstanceUid: string } {
  checkDateTime(req.document.contentDate, req.document.contentTime);
  if (req.objects.length === 0) throw new Error('a key object selection selects at least one object (TID 2010 row 6–8: 1-n)');
  const root = container(
    undefined,
    req.title,
    [
      ...(req.observerName ? [codeItem('HAS OBS CONTEXT', Codes.ObserverType, Codes.Person), personNameItem('HAS OBS CONTEXT', Codes.PersonObserverName, req.observerName)] : []),
      ...(req.description ? [textItem('CONTAINS', KEY_OBJECT_DESCRIPTION, req.description)] : []),
      ...req.objects.map(referenceItem),
    ],
    '2010',
  );
  const elements = withSopCommon(
    [
      ...patientAndStudy(req.source),
      ...documentSeriesAndEquipment('KO', req.document),
      ...root,
      // Key Object Document (C.17.6.2): every selected object is evidence.
      evidenceSequence(0x0040a375, req.objects),
    ],
    KEY_OBJECT_SELECTION,
    req.document.sopInstanceUid,
  );
  return { bytes: writeDicomFile(elements, { sopClassUid: KEY_OBJECT_SELECTION, sopInstanceUid: req.document.sopInstanceUid }), sopClassUid: KEY_OBJECT_SELECTION, sopInstanceUid: req.document.sopInstanceUid };
}

/** An IHE IOCM rejection note: a KOS titled with the reason, listing the rejected instances. */
export function writeRejectionNote(req: Omit<KeyObjectSelectionRequest, 'title'> & { reason: RejectionReason }): { bytes: Uint8Array; sopClassUid: string; sopInstanceUid: string } {
  const { reason, ...rest } = req;
  return writeKeyObjectSelection({ ...rest, title: REJECTION_TITLE_FOR[reason] });
}
