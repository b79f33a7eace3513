import type { SeriesHead } from '../../common/hanging/studyFacts';
import type { DicomJsonDataset, StudyAnnotations, StudySearchQuery, StudySummary, VolumeBlockInfo } from '../../common/contract/hostContract';

/**
 * What the host reads studies from. The local study cache implements it; until a cache is
 * attached the host answers from an empty catalog (an empty study list, 404 for any UID).
 */
export interface StudyCatalog {
  search(query: StudySearchQuery): Promise<StudySummary[]>;
  /** Undefined when the study is not in the catalog. */
  getStudyMetadata(studyUid: string): Promise<DicomJsonDataset[] | undefined>;
  getSeriesVolumeInfo(studyUid: string, seriesUid: string): Promise<VolumeBlockInfo | undefined>;
  getSeriesVolume(studyUid: string, seriesUid: string): Promise<Uint8Array | undefined>;
  getFrame(studyUid: string, seriesUid: string, instanceUid: string, frame: number): Promise<Uint8Array | undefined>;
  /** Study Instance UID of the study with this accession number, if cached. */
  findStudyByAccession(accessionNumber: string): Promise<string | undefined>;
  /** Records that a study was opened for reading (audit trail), where the catalog keeps one. */
  recordOpen?(studyUid: string): void;
  /** Series heads of a study and of the patient's other studies (hanging protocols); undefined when not cached. */
  getHangingInput?(studyUid: string): { current: SeriesHead[]; others: SeriesHead[][] } | undefined;
  /** Measurements kept with a study; undefined where the catalog cannot keep them. */
  getAnnotations?(studyUid: string): StudyAnnotations;
  putAnnotations?(studyUid: string, annotations: Partial<StudyAnnotations> | undefined): StudyAnnotations;
}

export function createEmptyStudyCatalog(): StudyCatalog {
  return {
    search: async () => [],
    getStudyMetadata: async () => undefined,
    getSeriesVolumeInfo: async () => undefined,
    getSeriesVolume: async () => undefined,
    getFrame: async () => undefined,
    findStudyByAccession: async () => undefined,
  };
}
