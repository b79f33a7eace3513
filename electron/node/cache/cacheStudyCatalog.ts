import path from 'node:path';
import type { DicomJsonDataset, StudySearchQuery, StudySummary } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { decodeDisplayFrame, displayFrameBytes } from '../imaging/decodeDisplayFrame';
import { DecodeError } from '../../../native-codecs/common/decodeTypes';
import type { StudyCatalog } from '../host/studyCatalog';
import { readSeriesVolume, seriesVolumeInfo } from './pixelCache';
import type { StudyCache } from './studyCache';
import { createAnnotationStore } from './annotationStore';
import { hangingInput } from './hangingInput';

/** The host's study catalog backed by the local cache: search and metadata from the index, frames decoded from the stored files. */
export function createCacheStudyCatalog(cache: StudyCache): StudyCatalog {
  const annotations = createAnnotationStore(cache.paths);
  return {
    search: async (query: StudySearchQuery): Promise<StudySummary[]> => cache.index.searchStudies(query),
    getStudyMetadata: async (studyUid: string): Promise<DicomJsonDataset[] | undefined> => cache.index.studyMetadata(studyUid),
    getSeriesVolumeInfo: (studyUid, seriesUid) => seriesVolumeInfo(cache, studyUid, seriesUid),
    getSeriesVolume: (studyUid, seriesUid) => readSeriesVolume(cache, studyUid, seriesUid),
    getFrame: async (studyUid, seriesUid, instanceUid, frame) => {
      const instance = cache.index.instanceObject(studyUid, seriesUid, instanceUid);
      if (!instance) return undefined;
      try {
        return displayFrameBytes(await decodeDisplayFrame(path.join(cache.paths.objects, instance.objectPath), frame));
      } catch (error) {
        if (error instanceof DecodeError || (error instanceof Error && error.message.includes('PALETTE COLOR'))) throw new HostError(422, 'undecodable', error.message);
        throw error;
      }
    },
    findStudyByAccession: async (accession: string) => cache.index.studyByAccession(accession),
    getHangingInput: (studyUid) => hangingInput(cache, studyUid),
    getAnnotations: (studyUid) => annotations.get(studyUid),
    putAnnotations: (studyUid, body) => {
      if (!cache.index.studyMetadata(studyUid)) throw new HostError(404, 'not-cached', `study ${studyUid} is not in the local cache`);
      return annotations.put(studyUid, body);
    },
    recordOpen: (studyUid: string) => {
      cache.index.markStudyUsed(studyUid);
      cache.audit({ action: 'open', outcome: 'success', studyUid, detail: 'opened for reading' });
    },
  };
}
