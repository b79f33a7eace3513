import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { stringValue } from '../dicom/model/dicomJsonAccess';
import { copiedAttributes, copiedPatientAndStudy, copiedText } from '../dicom/write/copiedAttributes';
import { writeDicomFile, type WriteElement } from '../dicom/write/dicomWriter';
import { keyedNumbers as n, keyedSequence as sq, keyedStrings as s } from '../dicom/write/keyedElements';
import { IDENTITY, rigidProblem, type Matrix4 } from './affineMatrix';
import { RegTag as T, SPATIAL_REGISTRATION_SOP_CLASS } from './registrationTags';

/** Manufacturer of what Lightbox writes (what results listings recognise as ours). */
const MANUFACTURER = 'Lightbox';

/** An instance the registration is about (Common Instance Reference, PS3.3 C.12.2). */
export interface RegisteredInstance {
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface SpatialRegistrationToWrite {
  /** An image of the series that defines the registered space: patient, study and its Frame of Reference come from it. */
  fixed: DicomJsonDataset;
  /** An image of the series registered onto it: its Frame of Reference is the one moved. */
  moving: DicomJsonDataset;
  /** A point in the moving Frame of Reference → the same anatomy in the fixed one; must be rigid. */
  matrix: Matrix4;
  /** The instances of both series: each registration item names its series' images (and Common Instance Reference lists them). */
  instances: RegisteredInstance[];
  sopInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  instanceNumber: number;
  /** Content Label (CS). */
  contentLabel: string;
  contentDescription: string;
  creatorName: string;
  /** Content and instance creation date (DA) and time (TM). */
  date: string;
  time: string;
  softwareVersion?: string;
  /** CID 7100 method of the moving item: Visual Alignment (by hand) unless said otherwise. */
  method?: { value: string; meaning: string };
}

const code = (value: string, meaning: string): WriteElement[] => [s('00080100', 'SH', value), s('00080102', 'SH', 'DCM'), s('00080104', 'LO', meaning)];

/** One Registration Sequence item: a Frame of Reference and its rigid matrix into the registered space. */
function registrationItem(frameOfReferenceUid: string, images: RegisteredInstance[], matrix: Matrix4, method: { value: string; meaning: string }, comment: string): WriteElement[] {
  return [
    s(T.FrameOfReferenceUID, 'UI', frameOfReferenceUid),
    // Optional beside the Frame of Reference: which images were registered (a PACS can tell the series apart).
    ...(images.length ? [sq(T.ReferencedImageSequence, images.map((r) => [s(T.ReferencedSOPClassUID, 'UI', r.sopClassUid), s(T.ReferencedSOPInstanceUID, 'UI', r.sopInstanceUid)]))] : []),
    sq(T.MatrixRegistrationSequence, [
      [
        s(T.FrameOfReferenceTransformationComment, 'LO', comment),
        sq(T.RegistrationTypeCodeSequence, [code(method.value, method.meaning)]),
        sq(T.MatrixSequence, [[n(T.FrameOfReferenceTransformationMatrix, 'DS', ...matrix), s(T.FrameOfReferenceTransformationMatrixType, 'CS', 'RIGID')]]),
      ],
    ]),
  ];
}

function commonInstanceReference(instances: RegisteredInstance[]): WriteElement[] {
  const bySeries = new Map<string, RegisteredInstance[]>();
  for (const i of instances) bySeries.set(i.seriesInstanceUid, [...(bySeries.get(i.seriesInstanceUid) ?? []), i]);
  if (!bySeries.size) return [];
  return [
    sq(
      T.ReferencedSeriesSequence,
      [...bySeries].map(([series, refs]) => [
        sq(T.ReferencedInstanceSequence, refs.map((r) => [s(T.ReferencedSOPClassUID, 'UI', r.sopClassUid), s(T.ReferencedSOPInstanceUID, 'UI', r.sopInstanceUid)])),
        s(T.SeriesInstanceUID, 'UI', series),
      ]),
    ),
  ];
}

/**
 * A Spatial Registration object (PS3.3 A.39.1) as a Part 10 file, Explicit VR Little Endian:
 * its registered space is the fixed series' Frame of Reference (an identity item, Frame of
 * Reference Identity), and the moving series' Frame of Reference maps into it by `matrix`
 * (RIGID). Deterministic: the same input gives the same bytes.
 */
export function writeSpatialRegistration(r: SpatialRegistrationToWrite): Uint8Array {
  const fixedFor = stringValue(r.fixed, T.FrameOfReferenceUID);
  const movingFor = stringValue(r.moving, T.FrameOfReferenceUID);
  if (!fixedFor || !movingFor) throw new Error('both series need a Frame of Reference UID (0020,0052) to be registered');
  if (fixedFor === movingFor) throw new Error('the two series share their Frame of Reference: there is nothing to register');
  const problem = rigidProblem(r.matrix);
  if (problem) throw new Error(`only a rigid registration is written: ${problem}`);
  const fixedSeries = stringValue(r.fixed, T.SeriesInstanceUID);
  const movingSeries = stringValue(r.moving, T.SeriesInstanceUID);
  // Common Instance Reference lists exactly the images the Registration Sequence names.
  const named = r.instances.filter((i) => i.seriesInstanceUid === fixedSeries || i.seriesInstanceUid === movingSeries);
  const method = r.method ?? { value: '125025', meaning: 'Visual Alignment' };
  const elements: WriteElement[] = [
    // Patient and study from the fixed image (type 2: written empty when absent), its character set when it names one.
    ...copiedPatientAndStudy(r.fixed, { absentType2: 'empty' }),
    ...copiedAttributes(r.fixed, [{ key: T.SpecificCharacterSet, vr: 'CS', type2: false }], { absentType2: 'empty' }),
    s(T.StudyInstanceUID, 'UI', stringValue(r.fixed, T.StudyInstanceUID) ?? ''),
    // SOP Common.
    s(T.SOPClassUID, 'UI', SPATIAL_REGISTRATION_SOP_CLASS),
    s(T.SOPInstanceUID, 'UI', r.sopInstanceUid),
    s(T.InstanceCreationDate, 'DA', r.date),
    s(T.InstanceCreationTime, 'TM', r.time),
    // General and Spatial Registration Series.
    s(T.Modality, 'CS', 'REG'),
    s(T.SeriesInstanceUID, 'UI', r.seriesInstanceUid),
    n(T.SeriesNumber, 'IS', r.seriesNumber),
    s(T.SeriesDate, 'DA', r.date),
    s(T.SeriesTime, 'TM', r.time),
    s(T.SeriesDescription, 'LO', 'Lightbox registration'),
    // Type 2C (paired body part): the fixed series' side when it has one, else empty.
    s(T.Laterality, 'CS', ...copiedText(r.fixed, T.Laterality)),
    // Frame of Reference: the registered space is the fixed series' own.
    s(T.FrameOfReferenceUID, 'UI', fixedFor),
    s(T.PositionReferenceIndicator, 'LO', ...copiedText(r.fixed, T.PositionReferenceIndicator)),
    // General Equipment.
    s(T.Manufacturer, 'LO', MANUFACTURER),
    ...(r.softwareVersion ? [s(T.SoftwareVersions, 'LO', r.softwareVersion)] : []),
    // Spatial Registration (C.20.2) with its Content Identification.
    n(T.InstanceNumber, 'IS', r.instanceNumber),
    s(T.ContentLabel, 'CS', r.contentLabel),
    s(T.ContentDescription, 'LO', r.contentDescription),
    s(T.ContentCreatorName, 'PN', r.creatorName),
    s(T.ContentDate, 'DA', r.date),
    s(T.ContentTime, 'TM', r.time),
    sq(T.RegistrationSequence, [
      registrationItem(fixedFor, r.instances.filter((i) => i.seriesInstanceUid === fixedSeries), IDENTITY, { value: '125021', meaning: 'Frame of Reference Identity' }, 'Registered space: the fixed series'),
      registrationItem(movingFor, r.instances.filter((i) => i.seriesInstanceUid === movingSeries), r.matrix, method, 'Moving series into the fixed series'),
    ]),
    ...commonInstanceReference(named),
  ];
  return writeDicomFile(elements, { sopClassUid: SPATIAL_REGISTRATION_SOP_CLASS, sopInstanceUid: r.sopInstanceUid });
}
