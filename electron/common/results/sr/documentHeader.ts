import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
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

/** Patient (C.7.1.1) and General Study (C.7.2.1) attributes: Type 2 ones written empty when the source lacks them. */
const PATIENT_AND_STUDY: Array<[tag: number, vr: string, required: boolean]> = [
  [0x00080020, 'DA', true], // Study Date
  [0x00080030, 'TM', true], // Study Time
  [0x00080050, 'SH', true], // Accession Number
  [0x00080090, 'PN', true], // Referring Physician's Name
  [0x00100010, 'PN', true], // Patient's Name
  [0x00100020, 'LO', true], // Patient ID
  [0x00100021, 'LO', false], // Issuer of Patient ID
  [0x00100030, 'DA', true], // Patient's Birth Date
  [0x00100040, 'CS', true], // Patient's Sex
  [0x0020000d, 'UI', true], // Study Instance UID
  [0x00200010, 'SH', true], // Study ID
];

const keyOf = (tag: number): string => tag.toString(16).toUpperCase().padStart(8, '0');

/** The values of an attribute as text: person names as their component groups joined by `=`. */
function textValues(ds: DicomJsonDataset, tag: number): string[] {
  return (ds[keyOf(tag)]?.Value ?? []).map((v) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') {
      const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
      return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
    }
    return String(v);
  });
}

export function patientAndStudy(source: DicomJsonDataset): WriteElement[] {
  if (!textValues(source, 0x0020000d)[0]) throw new Error('the source instance has no Study Instance UID');
  return PATIENT_AND_STUDY.flatMap(([tag, vr, required]) => {
    const strings = textValues(source, tag);
    if (strings.length === 0 && !required) return [];
    return [{ tag, vr, strings }];
  });
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
