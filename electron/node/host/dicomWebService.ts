import type { DicomJsonDataset, QidoQuery } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';

/** What the local DICOMweb routes read from: the study cache implements it. */
export interface DicomWebService {
  searchStudies(query: QidoQuery): DicomJsonDataset[];
  /** Undefined when the study is not in the cache. */
  searchSeries(studyUid: string, query: QidoQuery): DicomJsonDataset[] | undefined;
  searchInstances(studyUid: string, seriesUid: string, query: QidoQuery): DicomJsonDataset[] | undefined;
  studyMetadata(studyUid: string): DicomJsonDataset[] | undefined;
  seriesMetadata(studyUid: string, seriesUid: string): DicomJsonDataset[] | undefined;
  /** Decoded frames (little-endian native samples), 1-based numbers. */
  frames(studyUid: string, seriesUid: string, sopUid: string, frames: number[]): Promise<Uint8Array[] | undefined>;
  /** Bytes of one attribute's value as stored in the original file. */
  bulkData(studyUid: string, seriesUid: string, sopUid: string, offset: number, length: number): Uint8Array | undefined;
  /** The original file. */
  instance(studyUid: string, seriesUid: string, sopUid: string): Uint8Array | undefined;
  /** A PNG thumbnail of an instance (first frame), or of a series' middle instance when `sopUid` is undefined. */
  thumbnail(studyUid: string, seriesUid: string, sopUid: string | undefined): Promise<Uint8Array | undefined>;
  /** STOW-RS: stores instances; the PS3.18 10.5.3 response (Referenced/Failed SOP Sequences). */
  store(instances: Uint8Array[]): DicomJsonDataset;
}

/** Without a cache the host answers DICOMweb with empty results and 404s. */
export function createEmptyDicomWebService(): DicomWebService {
  return {
    searchStudies: () => [],
    searchSeries: () => undefined,
    searchInstances: () => undefined,
    studyMetadata: () => undefined,
    seriesMetadata: () => undefined,
    frames: async () => undefined,
    bulkData: () => undefined,
    instance: () => undefined,
    thumbnail: async () => undefined,
    store: () => {
      throw new HostError(503, 'no-cache', 'this host has no local cache to store into');
    },
  };
}
