/**
 * Keys (8 hex digits, DICOM JSON) of the attributes every composite object Lightbox writes or reads
 * back shares, by PS3.6 keyword: SOP Common, Patient, General Study, General Series, General
 * Equipment, Frame of Reference, Content Identification and the instance references. The tag
 * tables of each object (registrations, presentation states) spread this one and add their own,
 * so that a shared attribute is defined once. Kept apart from the viewer's `Tag` table, which
 * lists what images need.
 */
export const CompositeTag = {
  SpecificCharacterSet: '00080005',
  InstanceCreationDate: '00080012',
  InstanceCreationTime: '00080013',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  ContentDate: '00080023',
  StudyTime: '00080030',
  SeriesTime: '00080031',
  ContentTime: '00080033',
  AccessionNumber: '00080050',
  Modality: '00080060',
  Manufacturer: '00080070',
  ReferringPhysicianName: '00080090',
  SeriesDescription: '0008103E',
  ReferencedSeriesSequence: '00081115',
  ReferencedImageSequence: '00081140',
  ReferencedInstanceSequence: '0008114A',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  PatientName: '00100010',
  PatientID: '00100020',
  IssuerOfPatientID: '00100021',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  SoftwareVersions: '00181020',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  FrameOfReferenceUID: '00200052',
  Laterality: '00200060',
  PositionReferenceIndicator: '00201040',
  ContentLabel: '00700080',
  ContentDescription: '00700081',
  ContentCreatorName: '00700084',
} as const;

/** The numeric tag of a DICOM JSON key (what the writer takes). */
export function tagNumber(key: string): number {
  return parseInt(key, 16);
}
