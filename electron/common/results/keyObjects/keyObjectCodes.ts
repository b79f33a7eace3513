import type { Code } from '../sr/srCodes';

/**
 * Document titles of Key Object Selection documents: CID 7010 Key Object Selection Document
 * Title. Values and meanings from dcmtk's dcmsr/codes/dcm.h (CODE_DCM_OfInterest …); membership
 * of CID 7010 checked against the FHIR rendering of PS3.16 CID 7010
 * (bvdh/dicom-terminology-in-fhir, ValueSet-dicom-cid-7010-KeyObjectSelectionDocumentTitle).
 */
const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });

export const KeyObjectTitles = {
  OfInterest: dcm('113000', 'Of Interest'),
  RejectedForQualityReasons: dcm('113001', 'Rejected for Quality Reasons'),
  ForReferringProvider: dcm('113002', 'For Referring Provider'),
  ForSurgery: dcm('113003', 'For Surgery'),
  ForTeaching: dcm('113004', 'For Teaching'),
  ForConference: dcm('113005', 'For Conference'),
  ForTherapy: dcm('113006', 'For Therapy'),
  ForPatient: dcm('113007', 'For Patient'),
  ForPeerReview: dcm('113008', 'For Peer Review'),
  ForResearch: dcm('113009', 'For Research'),
  QualityIssue: dcm('113010', 'Quality Issue'),
  BestInSet: dcm('113013', 'Best In Set'),
  ForPrinting: dcm('113018', 'For Printing'),
  ForReportAttachment: dcm('113020', 'For Report Attachment'),
  ForLitigation: dcm('113021', 'For Litigation'),
  RejectedForPatientSafetyReasons: dcm('113037', 'Rejected for Patient Safety Reasons'),
  IncorrectModalityWorklistEntry: dcm('113038', 'Incorrect Modality Worklist Entry'),
  DataRetentionPolicyExpired: dcm('113039', 'Data Retention Policy Expired'),
} as const;

/** TID 2010 row 4: the description's concept name (dcm.h CODE_DCM_KeyObjectDescription). */
export const KEY_OBJECT_DESCRIPTION = dcm('113012', 'Key Object Description');

/**
 * IHE IOCM rejection notes (IHE RAD TF-3 Instance Availability / Rejection Note): a KOS whose
 * title is one of these says its instances are to be hidden. The reason we report for each.
 */
export type RejectionReason = 'quality' | 'patient-safety' | 'incorrect-worklist-entry' | 'retention-expired';

export const REJECTION_TITLES: Record<string, RejectionReason> = {
  '113001': 'quality',
  '113037': 'patient-safety',
  '113038': 'incorrect-worklist-entry',
  '113039': 'retention-expired',
};

export const REJECTION_TITLE_FOR: Record<RejectionReason, Code> = {
  quality: KeyObjectTitles.RejectedForQualityReasons,
  'patient-safety': KeyObjectTitles.RejectedForPatientSafetyReasons,
  'incorrect-worklist-entry': KeyObjectTitles.IncorrectModalityWorklistEntry,
  'retention-expired': KeyObjectTitles.DataRetentionPolicyExpired,
};
