import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { sequenceItems, stringValue, stringValues } from '../dicom/model/dicomJsonAccess';
import { KEY_OBJECT_SELECTION_SOP_CLASS, rejectionNoteOf } from './keyObjects/rejectionNote';

/**
 * The objects of a study that are results rather than images — reports, key image selections,
 * presentation states, segmentations, structure sets — with who made them, listed from the
 * headers the index already holds (no file is read).
 */
export type ResultKind = 'sr' | 'ko' | 'rejection' | 'pr' | 'seg' | 'rtstruct' | 'registration' | 'rwvm';

export interface ResultObject {
  kind: ResultKind;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string;
  /** Document title (SR, KO), Content Label (PR, SEG), Structure Set Label (RTSTRUCT). */
  title: string;
  /** Content Date and Time (else Series, else Instance Creation), as "YYYY-MM-DD HH:MM:SS"; '' when none. */
  date: string;
  producer: {
    manufacturer: string;
    modelName: string;
    softwareVersions: string[];
    /** Algorithms named in the object: SEG's Segment Algorithm Name, Contributing Equipment, SR algorithm identification. */
    algorithms: string[];
  };
  /** Series the object is about (Referenced Series, evidence, or the structure set's referenced study). */
  referencedSeries: string[];
  /** What it holds, in a few words: "3 segments", "2 structures", "12 key images". */
  summary: string;
  /** Made by Lightbox (Manufacturer "Lightbox"): a later session may edit or supersede it. */
  ours: boolean;
}

/** The Manufacturer every object Lightbox writes carries (what `ours` is recognised by). */
export const LIGHTBOX_MANUFACTURER = 'Lightbox';

const PREFIXES: Array<[string, ResultKind]> = [
  ['1.2.840.10008.5.1.4.1.1.88.', 'sr'],
  ['1.2.840.10008.5.1.4.1.1.11.', 'pr'],
];
const EXACT: Record<string, ResultKind> = {
  '1.2.840.10008.5.1.4.1.1.66.4': 'seg', // Segmentation Storage
  '1.2.840.10008.5.1.4.1.1.66.7': 'seg', // Label Map Segmentation Storage
  '1.2.840.10008.5.1.4.1.1.481.3': 'rtstruct',
  '1.2.840.10008.5.1.4.1.1.66.1': 'registration', // Spatial Registration
  '1.2.840.10008.5.1.4.1.1.66.3': 'registration', // Deformable Spatial Registration
  '1.2.840.10008.5.1.4.1.1.67': 'rwvm', // Real World Value Mapping
};

/**
 * The SOP classes of results, as SQL can select them (prefixes for LIKE, exact UIDs for IN): the
 * index reads only these rows' headers for the result list, not every image's (KO is under 88.).
 */
export const RESULT_SOP_CLASSES = { prefixes: PREFIXES.map(([prefix]) => prefix), exact: Object.keys(EXACT) } as const;

/** Which kind of result a SOP class is; undefined for images and anything else. */
export function resultKindOf(sopClassUid: string): ResultKind | undefined {
  if (sopClassUid === KEY_OBJECT_SELECTION_SOP_CLASS) return 'ko';
  return EXACT[sopClassUid] ?? PREFIXES.find(([prefix]) => sopClassUid.startsWith(prefix))?.[1];
}

const T = {
  contentDate: '00080023',
  contentTime: '00080033',
  seriesDate: '00080021',
  seriesTime: '00080031',
  creationDate: '00080012',
  creationTime: '00080013',
  manufacturer: '00080070',
  modelName: '00081090',
  softwareVersions: '00181020',
  conceptNameCodeSequence: '0040A043',
  contentLabel: '00700080',
  contentDescription: '00700081',
  structureSetLabel: '30060002',
  referencedSeriesSequence: '00081115',
  evidence: '0040A375',
  pertinentOther: '0040A385',
  seriesInstanceUid: '0020000E',
  segmentSequence: '00620002',
  segmentAlgorithmName: '00620009',
  structureSetRoiSequence: '30060020',
  contributingEquipment: '00181000',
  referencedFrameOfReferenceSequence: '30060010',
  rtReferencedStudySequence: '30060012',
  rtReferencedSeriesSequence: '30060014',
  referencedSopSequence: '00081199',
} as const;

function dateOf(ds: DicomJsonDataset): string {
  const pairs: Array<[string, string]> = [
    [T.contentDate, T.contentTime],
    [T.seriesDate, T.seriesTime],
    [T.creationDate, T.creationTime],
  ];
  for (const [d, t] of pairs) {
    const date = stringValue(ds, d);
    if (!date || date.length < 8) continue;
    const time = (stringValue(ds, t) ?? '').padEnd(6, '0');
    return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)} ${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}`;
  }
  return '';
}

function referencedSeriesOf(ds: DicomJsonDataset): string[] {
  const direct = sequenceItems(ds, T.referencedSeriesSequence);
  const evidence = [...sequenceItems(ds, T.evidence), ...sequenceItems(ds, T.pertinentOther)].flatMap((s) => sequenceItems(s, T.referencedSeriesSequence));
  const rt = sequenceItems(ds, T.referencedFrameOfReferenceSequence)
    .flatMap((f) => sequenceItems(f, T.rtReferencedStudySequence))
    .flatMap((s) => sequenceItems(s, T.rtReferencedSeriesSequence));
  const uids = [...direct, ...evidence, ...rt].map((s) => stringValue(s, T.seriesInstanceUid)).filter((u): u is string => !!u);
  return [...new Set(uids)];
}

function referencedInstanceCount(ds: DicomJsonDataset): number {
  return sequenceItems(ds, T.evidence)
    .flatMap((s) => sequenceItems(s, T.referencedSeriesSequence))
    .reduce((n, s) => n + sequenceItems(s, T.referencedSopSequence).length, 0);
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function describe(kind: ResultKind, ds: DicomJsonDataset): { title: string; summary: string; algorithms: string[] } {
  const documentTitle = stringValue(sequenceItems(ds, T.conceptNameCodeSequence)[0], '00080104') ?? '';
  const equipment = sequenceItems(ds, T.contributingEquipment).map((e) => [stringValue(e, T.manufacturer), stringValue(e, T.modelName), ...stringValues(e, T.softwareVersions)].filter(Boolean).join(' '));
  switch (kind) {
    case 'seg': {
      const segments = sequenceItems(ds, T.segmentSequence);
      const algorithms = segments.map((s) => stringValue(s, T.segmentAlgorithmName)).filter((a): a is string => !!a);
      return { title: stringValue(ds, T.contentLabel) ?? '', summary: plural(segments.length, 'segment'), algorithms: [...new Set([...algorithms, ...equipment])] };
    }
    case 'rtstruct':
      return { title: stringValue(ds, T.structureSetLabel) ?? '', summary: plural(sequenceItems(ds, T.structureSetRoiSequence).length, 'structure'), algorithms: equipment };
    case 'pr':
      return { title: stringValue(ds, T.contentLabel) ?? '', summary: stringValue(ds, T.contentDescription) ?? 'presentation state', algorithms: equipment };
    case 'ko':
    case 'rejection':
      return { title: documentTitle, summary: plural(referencedInstanceCount(ds), kind === 'ko' ? 'key image' : 'rejected instance'), algorithms: equipment };
    case 'sr':
      return { title: documentTitle, summary: 'structured report', algorithms: equipment };
    default:
      return { title: stringValue(ds, T.contentLabel) ?? '', summary: '', algorithms: equipment };
  }
}

/** The result objects among a study's instance headers, in the order given. */
export function resultObjectsOf(datasets: DicomJsonDataset[]): ResultObject[] {
  const out: ResultObject[] = [];
  for (const ds of datasets) {
    const sopClassUid = stringValue(ds, '00080016') ?? '';
    let kind = resultKindOf(sopClassUid);
    if (!kind) continue;
    if (kind === 'ko' && rejectionNoteOf(ds)) kind = 'rejection';
    const { title, summary, algorithms } = describe(kind, ds);
    const manufacturer = stringValue(ds, T.manufacturer) ?? '';
    out.push({
      kind,
      sopClassUid,
      sopInstanceUid: stringValue(ds, '00080018') ?? '',
      seriesInstanceUid: stringValue(ds, T.seriesInstanceUid) ?? '',
      seriesDescription: stringValue(ds, '0008103E') ?? '',
      title,
      date: dateOf(ds),
      producer: { manufacturer, modelName: stringValue(ds, T.modelName) ?? '', softwareVersions: stringValues(ds, T.softwareVersions), algorithms },
      referencedSeries: referencedSeriesOf(ds),
      summary,
      ours: manufacturer === LIGHTBOX_MANUFACTURER,
    });
  }
  return out;
}
