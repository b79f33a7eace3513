import { CompositeTag } from '../../dicom/model/compositeObjectTags';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { copiedAttributes, copiedText, PATIENT_AND_STUDY, type CopiedAttribute } from '../../dicom/write/copiedAttributes';
import { IMPLEMENTATION_VERSION_NAME, type WriteElement } from '../../dicom/write/dicomWriter';
import { LIGHTBOX_MANUFACTURER } from '../resultObjects';
import type { InstanceReference } from './contentItems';

/**
 * The modules every document we write shares (SR and Key Object Selection, PS3.3 A.35): Patient
 * and General Study copied from an instance of the study, the document series, General
 * Equipment naming us, the evidence list, SOP Common.
 */

/** A referenced instance with the study and series it belongs to (for the evidence sequences). */
export interface EvidenceReference extends InstanceReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

/** Identity and timing of a new document; all passed in, so that the same input gives the same bytes. */
export interface DocumentIdentity {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  seriesNumber?: number;
  instanceNumber?: number;
  seriesDescription?: string;
  /** Content Date (DA, YYYYMMDD) and Content Time (TM, HHMMSS[.FFFFFF]). */
  contentDate: string;
  contentTime: string;
}

/** Patient (C.7.1.1) and General Study (C.7.2.1) attributes with the study's UID: Type 2 ones written empty when the source lacks them. */
const PATIENT_AND_STUDY_WITH_UID: readonly CopiedAttribute[] = [...PATIENT_AND_STUDY, { key: CompositeTag.StudyInstanceUID, vr: 'UI', type2: true }];

/** Person names keep all their component groups (joined by `=`): a document reports the patient as the study names them. */
export function patientAndStudy(source: DicomJsonDataset): WriteElement[] {
  if (!copiedText(source, CompositeTag.StudyInstanceUID)[0]) throw new Error('the source instance has no Study Instance UID');
  return copiedAttributes(source, PATIENT_AND_STUDY_WITH_UID, { absentType2: 'empty', personName: 'all-groups' });
}

export function checkDateTime(date: string, time: string): void {
  if (!/^\d{8}$/.test(date)) throw new Error(`content date "${date}" is not a DICOM DA (YYYYMMDD)`);
  if (!/^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/.test(time)) throw new Error(`content time "${time}" is not a DICOM TM (HHMMSS.FFFFFF)`);
}

/** SR Document Series (C.17.1) or Key Object Document Series (C.17.6.1), and General Equipment (C.7.5.1). */
export function documentSeriesAndEquipment(modality: 'SR' | 'KO', id: DocumentIdentity): WriteElement[] {
  return [
    { tag: 0x00080060, vr: 'CS', strings: [modality] },
    { tag: 0x00080070, vr: 'LO', strings: [LIGHTBOX_MANUFACTURER] },
    { tag: 0x00081090, vr: 'LO', strings: [LIGHTBOX_MANUFACTURER] },
    { tag: 0x00181020, vr: 'LO', strings: [IMPLEMENTATION_VERSION_NAME] },
    ...(id.seriesDescription ? [{ tag: 0x0008103e, vr: 'LO', strings: [id.seriesDescription] }] : []),
    // Referenced Performed Procedure Step Sequence: Type 2, empty when not created under an MPPS.
    { tag: 0x00081111, vr: 'SQ', items: [] },
    { tag: 0x0020000e, vr: 'UI', strings: [id.seriesInstanceUid] },
    { tag: 0x00200011, vr: 'IS', strings: [String(id.seriesNumber ?? 1)] },
    { tag: 0x00200013, vr: 'IS', strings: [String(id.instanceNumber ?? 1)] },
    { tag: 0x00080023, vr: 'DA', strings: [id.contentDate] },
    { tag: 0x00080033, vr: 'TM', strings: [id.contentTime] },
  ];
}

/**
 * A Hierarchical SOP Instance Reference sequence (PS3.3 Table C.17-3): studies, their series,
 * their instances, each once, in the order first referenced.
 */
export function evidenceSequence(tag: number, refs: EvidenceReference[]): WriteElement {
  const studies = new Map<string, Map<string, Map<string, string>>>();
  for (const r of refs) {
    const series = studies.get(r.studyInstanceUid) ?? new Map<string, Map<string, string>>();
    studies.set(r.studyInstanceUid, series);
    const sops = series.get(r.seriesInstanceUid) ?? new Map<string, string>();
    series.set(r.seriesInstanceUid, sops);
    if (!sops.has(r.sopInstanceUid)) sops.set(r.sopInstanceUid, r.sopClassUid);
  }
  return {
    tag,
    vr: 'SQ',
    items: [...studies].map(([studyUid, series]) => [
      { tag: 0x0020000d, vr: 'UI', strings: [studyUid] },
      {
        tag: 0x00081115, // Referenced Series Sequence
        vr: 'SQ',
        items: [...series].map(([seriesUid, sops]) => [
          { tag: 0x0020000e, vr: 'UI', strings: [seriesUid] },
          {
            tag: 0x00081199, // Referenced SOP Sequence
            vr: 'SQ',
            items: [...sops].map(([sopInstanceUid, sopClassUid]) => [
              { tag: 0x00081150, vr: 'UI', strings: [sopClassUid] },
              { tag: 0x00081155, vr: 'UI', strings: [sopInstanceUid] },
            ]),
          },
        ]),
      },
    ]),
  };
}

const isAscii = (s: string): boolean => [...s].every((c) => c.charCodeAt(0) < 0x7f);

function hasNonAscii(elements: WriteElement[]): boolean {
  return elements.some((el) => {
    if ('items' in el) return el.items.some(hasNonAscii);
    if ('strings' in el) return !el.strings.every(isAscii);
    return false;
  });
}

/**
 * SOP Common (C.12.1). Strings are written as UTF-8: Specific Character Set is ISO_IR 192 when
 * any value needs more than ASCII (names copied from a Latin-1 study are Unicode in the model),
 * and absent otherwise (the default repertoire).
 */
export function withSopCommon(elements: WriteElement[], sopClassUid: string, sopInstanceUid: string): WriteElement[] {
  return [
    ...(hasNonAscii(elements) ? [{ tag: 0x00080005, vr: 'CS', strings: ['ISO_IR 192'] }] : []),
    { tag: 0x00080016, vr: 'UI', strings: [sopClassUid] },
    { tag: 0x00080018, vr: 'UI', strings: [sopInstanceUid] },
    ...elements,
  ];
}
