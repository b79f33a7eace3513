import type { SegmentationStatisticsReport } from '../../common/results/seg/segmentationStatisticsReport';
import type { ReadingStatus, StudyReadingStatus } from '../../common/contract/hostContract';
import type { SeriesSuvOverrides, SaveResultsRequest, SaveResultsResponse, SaveRegistrationRequest, SaveRegistrationResponse, StudyResults, AnnotationChanges, BinaryBody, QidoQuery, StudyAnnotations, StudySearchQuery, StudySummary, VolumeBlockInfo } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import type { SerializedJson } from '../../common/contract/serializedJson';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import type { SeriesHead } from '../../common/hanging/studyFacts';

/**
 * The studies this host holds, as one service: the study list, DICOMweb (QIDO-RS, WADO-RS,
 * STOW-RS), display frames, volumes, annotations and the hanging input all read the same cache
 * through it. (It replaces a study catalog and a DICOMweb service that answered the same
 * questions twice: `getStudyMetadata` beside `wadoStudyMetadata`.)
 */
export interface LocalStudies {
  /** The study list: summaries matching a query, newest first. */
  search(query: StudySearchQuery): StudySummary[];
  /** Whether the study is held (answered from the index, no header read). */
  hasStudy(studyUid: string): boolean;
  /** Study Instance UID of the study with this accession number, if held. */
  findStudyByAccession(accessionNumber: string): string | undefined;
  /** Records that a study was opened for reading (audit trail, cache policy; an unread study is now in progress). */
  recordOpen(studyUid: string): StudyReadingStatus | undefined;
  /** The reader sets a study's reading status (audited); absent on a host that keeps none (answers 501). */
  setReadingStatus?(studyUid: string, status: ReadingStatus): StudyReadingStatus;
  /** Series heads of a study and of the patient's other studies (hanging protocols); undefined when not held. */
  hangingInput(studyUid: string): { current: SeriesHead[]; others: SeriesHead[][] } | undefined;

  /** QIDO-RS (PS3.18 10.6): studies, series of a study, instances of a series; undefined when the parent is not held. */
  qidoStudies(query: QidoQuery): DicomJsonDataset[];
  qidoSeries(studyUid: string, query: QidoQuery): DicomJsonDataset[] | undefined;
  qidoInstances(studyUid: string, seriesUid: string, query: QidoQuery): DicomJsonDataset[] | undefined;
  /** WADO-RS metadata: DICOM JSON with BulkDataURIs on this host, as the index holds it (no file is read, nothing re-serialised). */
  studyMetadata(studyUid: string): SerializedJson | undefined;
  seriesMetadata(studyUid: string, seriesUid: string): SerializedJson | undefined;

  /** One frame for the viewer (`getFrame`): stored gray samples or 8-bit RGB. */
  displayFrame(studyUid: string, seriesUid: string, sopUid: string, frame: number): Promise<Uint8Array | undefined>;
  /** WADO-RS frames: decoded little-endian native samples, 1-based numbers. */
  frames(studyUid: string, seriesUid: string, sopUid: string, frames: number[]): Promise<Uint8Array[] | undefined>;
  /** A PNG thumbnail of an instance (first frame), or of a series' middle instance when `sopUid` is undefined. */
  thumbnail(studyUid: string, seriesUid: string, sopUid: string | undefined): Promise<Uint8Array | undefined>;
  /** Bytes of one attribute's value as stored in the original file. */
  bulkData(studyUid: string, seriesUid: string, sopUid: string, offset: number, length: number): Promise<Uint8Array | undefined>;
  /** The original file. */
  instance(studyUid: string, seriesUid: string, sopUid: string): Promise<Uint8Array | undefined>;
  /** How to read a series' decode-once volume (built on first request, shared by concurrent requests). */
  seriesVolumeInfo(studyUid: string, seriesUid: string): Promise<VolumeBlockInfo | undefined>;
  /** The volume block, streamed from its file. */
  seriesVolume(studyUid: string, seriesUid: string): Promise<BinaryBody | undefined>;
  /** STOW-RS: stores instances, each read as its bytes arrive; the PS3.18 10.5.3 response (Referenced/Failed SOP Sequences). */
  store(instances: AsyncIterable<AsyncIterable<Uint8Array>>, onStored?: (studyUids: string[]) => void): Promise<DicomJsonDataset>;

  /** The study's result objects (reports, key images, presentation states, segmentations, structure sets); undefined when not held. */
  results(studyUid: string): StudyResults | undefined;
  /** Writes the study's measurements, key images and the displays given as DICOM results into the cache (see SaveResultsRequest). */
  saveResults(studyUid: string, request: SaveResultsRequest): Omit<SaveResultsResponse, 'queued'>;
  /** Writes a rigid registration of one of the study's series onto others as a Spatial Registration object in the cache. */
  saveRegistration(studyUid: string, request: SaveRegistrationRequest): SaveRegistrationResponse;
  /** Statistics of a cached SEG's segments over its source images; undefined when the SEG is not held. */
  segmentStatistics(studyUid: string, segSopUid: string): Promise<SegmentationStatisticsReport | undefined>;

  /** Measurements kept with a study. */
  getAnnotations(studyUid: string): StudyAnnotations;
  putAnnotations(studyUid: string, annotations: (Partial<StudyAnnotations> & { changes?: AnnotationChanges }) | undefined): StudyAnnotations;
  /** The reader's SUV input overrides of a PET series; absent on a host that keeps none (answers 501). */
  getSuvOverrides?(studyUid: string, seriesUid: string): SeriesSuvOverrides;
  /** Replaces them (checked, audited); `{}` restores the header's values. */
  putSuvOverrides?(studyUid: string, seriesUid: string, overrides: unknown): SeriesSuvOverrides;
}

/** Before a cache is attached: an empty study list, 404 for any UID, nothing stored. */
export function createEmptyLocalStudies(): LocalStudies {
  const none = async (): Promise<undefined> => undefined;
  return {
    search: () => [],
    hasStudy: () => false,
    findStudyByAccession: () => undefined,
    recordOpen: () => undefined,
    hangingInput: () => undefined,
    qidoStudies: () => [],
    qidoSeries: () => undefined,
    qidoInstances: () => undefined,
    studyMetadata: () => undefined,
    seriesMetadata: () => undefined,
    displayFrame: none,
    frames: none,
    thumbnail: none,
    bulkData: none,
    instance: none,
    seriesVolumeInfo: none,
    seriesVolume: none,
    store: async () => {
      throw new HostError(503, 'no-cache', 'this host has no local cache to store into');
    },
    results: () => undefined,
    segmentStatistics: none,
    saveResults: () => {
      throw new HostError(503, 'no-cache', 'this host has no local cache to store into');
    },
    saveRegistration: () => {
      throw new HostError(503, 'no-cache', 'this host has no local cache to store into');
    },
    getAnnotations: (studyUid) => ({ studyInstanceUid: studyUid, measurements: [] }),
    putAnnotations: () => {
      throw new HostError(501, 'unsupported', 'this host keeps no annotations');
    },
  };
}
