import { HostError } from '../../common/contract/hostError';
import type { SaveRegistrationRequest, SaveRegistrationResponse } from '../../common/contract/hostContract';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { rigidProblem } from '../../common/registration/affineMatrix';
import { SPATIAL_REGISTRATION_SOP_CLASS } from '../../common/registration/registrationTags';
import { writeSpatialRegistration } from '../../common/registration/writeSpatialRegistration';
import { nameBasedUid } from '../../common/results/nameBasedUid';
import type { StudyCache } from '../cache/studyCache';
import { LIGHTBOX_VERSION } from '../host/version';

/** Series number of Lightbox's registrations: after its reports (9901), key images (9902) and displays (9903). */
const SERIES_NUMBER = 9904;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Image instances (not results: no SR, KO, PR, REG) are what a registration places. */
const isImage = (ds: DicomJsonDataset): boolean => !['SR', 'KO', 'PR', 'REG', 'SEG', 'RTSTRUCT'].includes(stringValue(ds, Tag.Modality) ?? '');

/**
 * Stores the reader's alignment of a series onto a study's images as a Spatial Registration
 * object in Lightbox's REG series of the study. The registered space is the images' Frame of
 * Reference; the images are the study's image series in it (the first by series number gives
 * patient and study attributes). Each save is a new instance, newest content time wins on reading.
 */
export function saveStudyRegistration(cache: StudyCache, studyUid: string, request: SaveRegistrationRequest, now = new Date()): SaveRegistrationResponse {
  const datasets = cache.index.studyMetadata(studyUid);
  if (!datasets) throw new HostError(404, 'not-cached', `study ${studyUid} is not in the local cache`);
  if (!Array.isArray(request?.matrix) || request.matrix.length !== 16 || request.matrix.some((x) => typeof x !== 'number')) throw new HostError(400, 'bad-request', 'matrix must be 16 numbers, row-major');
  const problem = rigidProblem(request.matrix);
  if (problem) throw new HostError(400, 'bad-request', `only a rigid registration is saved: ${problem}`);
  const moving = datasets.filter((ds) => stringValue(ds, Tag.SeriesInstanceUID) === request.movingSeriesUid && isImage(ds));
  if (!moving.length) throw new HostError(404, 'not-cached', `series ${request.movingSeriesUid} has no images in study ${studyUid}`);
  const fixed = datasets.filter((ds) => stringValue(ds, Tag.FrameOfReferenceUID) === request.imageFrameOfReferenceUid && isImage(ds));
  if (!fixed.length) throw new HostError(400, 'bad-request', `no image of study ${studyUid} is in Frame of Reference ${request.imageFrameOfReferenceUid}`);
  if (stringValue(moving[0], Tag.FrameOfReferenceUID) === request.imageFrameOfReferenceUid) throw new HostError(400, 'bad-request', 'the series is already in that Frame of Reference: there is nothing to register');

  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}`;
  const seriesInstanceUid = nameBasedUid(`lightbox:reg-series:${studyUid}`);
  // Named by what it says and when: saving again makes a new instance, the newest applies.
  const sopInstanceUid = nameBasedUid(`lightbox:reg:${studyUid}:${request.movingSeriesUid}:${request.imageFrameOfReferenceUid}:${request.matrix.join(',')}:${now.toISOString()}`);
  const earlier = datasets.filter((ds) => stringValue(ds, Tag.SOPClassUID) === SPATIAL_REGISTRATION_SOP_CLASS && stringValue(ds, Tag.SeriesInstanceUID) === seriesInstanceUid).length;
  const reference = (ds: DicomJsonDataset) => ({
    seriesInstanceUid: stringValue(ds, Tag.SeriesInstanceUID) ?? '',
    sopClassUid: stringValue(ds, Tag.SOPClassUID) ?? '',
    sopInstanceUid: stringValue(ds, Tag.SOPInstanceUID) ?? '',
  });
  const fixedSeries = stringValue(fixed[0], Tag.SeriesInstanceUID);
  const bytes = writeSpatialRegistration({
    fixed: fixed[0]!,
    moving: moving[0]!,
    matrix: request.matrix,
    instances: [...fixed.filter((ds) => stringValue(ds, Tag.SeriesInstanceUID) === fixedSeries), ...moving].map(reference),
    sopInstanceUid,
    seriesInstanceUid,
    seriesNumber: SERIES_NUMBER,
    instanceNumber: earlier + 1,
    contentLabel: 'LIGHTBOX',
    contentDescription: `Aligned by hand: ${stringValue(moving[0], Tag.Modality) ?? ''} onto ${stringValue(fixed[0], Tag.Modality) ?? ''}`.trim(),
    creatorName: cache.auditUser,
    date,
    time,
    softwareVersion: LIGHTBOX_VERSION,
  });
  const outcome = cache.store(bytes, 'Lightbox registration');
  return { sopInstanceUid: outcome.sopInstanceUid, seriesInstanceUid };
}
