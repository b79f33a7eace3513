import type { HostRouteImplementations, StreamedMultipartBody } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import type { LocalStudies } from './localStudies';
import { notCached, requireUid } from './hostRouteChecks';

type DicomWebRoutes = Pick<
  HostRouteImplementations,
  | 'qidoStudies'
  | 'qidoSeries'
  | 'qidoInstances'
  | 'wadoStudyMetadata'
  | 'wadoSeriesMetadata'
  | 'wadoFrames'
  | 'wadoBulkData'
  | 'wadoInstance'
  | 'wadoInstanceThumbnail'
  | 'wadoSeriesThumbnail'
  | 'stowStudies'
>;

/** PS3.18 10.4.1.1.3: a comma-separated list of 1-based frame numbers. */
function frameNumbers(list: string): number[] {
  const frames = list.split(',').map((f) => Number(f.trim()));
  if (frames.length === 0 || frames.some((f) => !Number.isInteger(f) || f < 1)) throw new HostError(400, 'bad-request', `frame list "${list}" is not 1-based frame numbers`);
  return frames;
}

/** The application/dicom parts of a STOW-RS body, each streamed as it arrives; other parts are read past (PS3.18 10.5.1.1). */
async function* dicomInstances(body: StreamedMultipartBody, seen: { instances: number }): AsyncGenerator<AsyncIterable<Uint8Array>> {
  for await (const part of body.parts) {
    if (part.contentType.split(';')[0]!.trim().toLowerCase() !== 'application/dicom') continue;
    seen.instances++;
    yield part.chunks;
  }
}

/** The local DICOMweb routes (QIDO-RS, WADO-RS) on top of the DICOMweb service. */
/** `announce`: told which studies a STOW-RS stored into (open viewers and the study list refresh). */
export function createDicomWebRoutes(service: LocalStudies, announce?: (studyUids: string[]) => void): DicomWebRoutes {
  return {
    qidoStudies: async ({ query }) => service.qidoStudies(query),
    qidoSeries: async ({ params, query }) => service.qidoSeries(requireUid(params.studyUid, 'StudyInstanceUID'), query) ?? Promise.reject(notCached(`study ${params.studyUid}`)),
    qidoInstances: async ({ params, query }) =>
      service.qidoInstances(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID'), query) ??
      Promise.reject(notCached(`series ${params.seriesUid}`)),
    wadoStudyMetadata: async ({ params }) => service.studyMetadata(requireUid(params.studyUid, 'StudyInstanceUID')) ?? Promise.reject(notCached(`study ${params.studyUid}`)),
    wadoSeriesMetadata: async ({ params }) =>
      service.seriesMetadata(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID')) ??
      Promise.reject(notCached(`series ${params.seriesUid}`)),
    wadoFrames: async ({ params }) => {
      const frames = await service.frames(
        requireUid(params.studyUid, 'StudyInstanceUID'),
        requireUid(params.seriesUid, 'SeriesInstanceUID'),
        requireUid(params.instanceUid, 'SOPInstanceUID'),
        frameNumbers(params.frames),
      );
      if (!frames) throw notCached(`frames ${params.frames} of instance ${params.instanceUid}`);
      return { type: 'application/octet-stream', parts: frames.map((bytes) => ({ contentType: 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', bytes })) };
    },
    wadoBulkData: async ({ params, query }) => {
      const offset = Number(query.offset);
      const length = Number(query.length);
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) throw new HostError(400, 'bad-request', 'bulk data needs the offset and length of its BulkDataURI');
      const bytes = await service.bulkData(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID'), requireUid(params.instanceUid, 'SOPInstanceUID'), offset, length);
      if (!bytes) throw notCached(`bulk data ${params.tagPath} of instance ${params.instanceUid}`);
      return { type: 'application/octet-stream', parts: [{ contentType: 'application/octet-stream', bytes }] };
    },
    wadoInstanceThumbnail: async ({ params }) => {
      const png = await service.thumbnail(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID'), requireUid(params.instanceUid, 'SOPInstanceUID'));
      if (!png) throw notCached(`instance ${params.instanceUid}`);
      return png;
    },
    wadoSeriesThumbnail: async ({ params }) => {
      const png = await service.thumbnail(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID'), undefined);
      if (!png) throw notCached(`series ${params.seriesUid}`);
      return png;
    },
    stowStudies: async ({ body }) => {
      const seen = { instances: 0 };
      const result = await service.store(dicomInstances(body, seen), announce);
      if (seen.instances === 0) throw new HostError(415, 'unsupported-media-type', 'STOW-RS here takes multipart/related; type="application/dicom"');
      return result;
    },
    wadoInstance: async ({ params }) => {
      const bytes = await service.instance(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID'), requireUid(params.instanceUid, 'SOPInstanceUID'));
      if (!bytes) throw notCached(`instance ${params.instanceUid}`);
      return { type: 'application/dicom', parts: [{ contentType: 'application/dicom', bytes }] };
    },
  };
}
