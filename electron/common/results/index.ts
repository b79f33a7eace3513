/**
 * Structured results in and out (pure; browser and Node):
 * - TID 1500 Measurement Reports from the app's measurements (`writeMeasurementReport`: bytes of
 *   an Enhanced SR, or Comprehensive 3D SR with MPR measurements) and from anyone's reports into
 *   a model (`readMeasurementReport`), with our own measurements recovered (`recoverOwnMeasurements`);
 * - Key Object Selection documents and IHE IOCM rejection notes, written and read.
 */
export { writeMeasurementReport, ENHANCED_SR, COMPREHENSIVE_3D_SR, type MeasurementReportRequest, type WrittenReport } from './sr/measurementReport';
export type { IntensityQuantity, MeasurementFinding, RegionStatisticsInput } from './sr/measurementGroup';
export { readMeasurementReport, type MeasurementReportModel, type SrMeasurementGroup, type SrNumeric, type SrScoord, type SrScoord3d } from './sr/readMeasurementReport';
export { recoverOwnMeasurements, type RecoveredMeasurements } from './sr/ownMeasurements';
export type { DocumentIdentity, EvidenceReference } from './sr/documentHeader';
export { LIGHTBOX_MANUFACTURER } from './resultObjects';
export { Codes, Units, type Code } from './sr/srCodes';
export { measurementReportIdentity } from './reportIdentity';
export { nameBasedUid, measurementTrackingUid } from './nameBasedUid';
export { writeKeyObjectSelection, writeRejectionNote, KEY_OBJECT_SELECTION, type KeyObject, type KeyObjectSelectionRequest } from './keyObjects/writeKeyObjectSelection';
export { readKeyObjectSelection, type KeyObjectDocument, type KeyObjectSelectionModel, type RejectionNoteModel } from './keyObjects/readKeyObjectSelection';
export { KeyObjectTitles, type RejectionReason } from './keyObjects/keyObjectCodes';
