import { CompositeTag } from '../dicom/model/compositeObjectTags';

/** SOP classes of registrations (PS3.4 B.5). */
export const SPATIAL_REGISTRATION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.1';
export const DEFORMABLE_SPATIAL_REGISTRATION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.3';

/** Keys (8 hex digits, DICOM JSON) of the Spatial Registration attributes (PS3.3 C.20), beside the shared ones. */
export const RegTag = {
  ...CompositeTag,
  RegistrationSequence: '00700308',
  MatrixRegistrationSequence: '00700309',
  MatrixSequence: '0070030A',
  FrameOfReferenceTransformationMatrixType: '0070030C',
  RegistrationTypeCodeSequence: '0070030D',
  FrameOfReferenceTransformationMatrix: '300600C6',
  FrameOfReferenceTransformationComment: '300600C8',
} as const;
