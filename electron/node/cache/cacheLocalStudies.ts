import { HostError } from '../../common/contract/hostError';
import type { StudyAnnotations } from '../../common/contract/hostContract';
import { resultObjectsOf } from '../../common/results/resultObjects';
import { annotationsOrRecovered } from '../results/annotationsFromOwnResults';
import { saveStudyResults } from '../results/saveStudyResults';
import { saveStudyRegistration } from '../registration/saveStudyRegistration';
import { segmentationStatisticsOfStudy } from '../results/segmentationStatisticsOfStudy';
import { SealedFileError } from '../../common/cacheCrypto/sealedFileFormat';
import { createCacheQido } from '../dicomweb/cacheQido';
import type { LocalStudies } from '../host/localStudies';
import type { ImagingService } from '../imaging/imagingService';
import { createAnnotationStore } from './annotationStore';
import { createSuvOverrideStore } from '../pet/suvOverrideStore';
import { hangingInput } from './hangingInput';
import { SeriesVolumes } from './seriesVolumes';
import { withAuditedReads } from './auditedReads';
import { changeReadingStatus } from './readingStatusChanges';
import { statusAfterOpen } from '../../common/studies/readingStatus';
import { storeStreamedInstances } from './storeStreamedInstances';
import type { StudyCache } from './studyCache';

/** The local cache as the host's studies: the index answers lists and metadata, the imaging pool decodes. */
export function createCacheLocalStudies(cache: StudyCache, imaging: ImagingService): LocalStudies {
  const idx = cache.index;
  const annotations = createAnnotationStore(cache.paths, cache.key);
  const volumes = new SeriesVolumes(cache, imaging);
  const suvOverrides = createSuvOverrideStore(cache);
  /** The study, when it holds the series; else 404 (overrides are kept for held series only). */
  const heldSeries = (studyUid: string, seriesUid: string): string => {
    if (!idx.seriesOfStudy(studyUid)?.some((s) => s.seriesUid === seriesUid)) throw new HostError(404, 'not-cached', `series ${seriesUid} of study ${studyUid} is not in the local cache`);
    return studyUid;
  };
  // Through the cache's one reader (plain or sealed files alike), named by instance in errors.
  const openObject = async (studyUid: string, seriesUid: string, sopUid: string) => {
    const o = idx.instanceObject(studyUid, seriesUid, sopUid);
    try {
      return o ? await cache.openObject(o.objectPath, `instance ${sopUid}`) : undefined;
    } catch (error) {
      throw integrityError(error);
    }
  };
  // Never saved here: the study may carry what Lightbox sent from elsewhere (its own report and key images).
  const annotationsOf = (studyUid: string): StudyAnnotations => annotationsOrRecovered(annotations, cache, studyUid);
  // Every read of patient data through the host is audited, one row per study per window (auditedReads.ts).
  return withAuditedReads({
    search: (query) => idx.searchStudies(query),
    hasStudy: (studyUid) => idx.hasStudy(studyUid),
    findStudyByAccession: (accession) => idx.studyByAccession(accession),
    recordOpen(studyUid) {
      // One transaction, one fsync (each commit waits for the disk, on the host's event loop).
      return idx.write(() => {
        idx.markStudyUsed(studyUid);
        const sopClasses = idx.sopClassCounts(studyUid);
        const instances = Object.values(sopClasses).reduce((a, b) => a + b, 0);
        cache.audit({ action: 'open', outcome: 'success', studyUid, instances, sopClasses, detail: 'opened for reading' });
        return changeReadingStatus(cache, studyUid, statusAfterOpen(idx.readingStatus(studyUid).status), 'opened for reading');
      });
    },
    setReadingStatus(studyUid, status) {
      if (!idx.hasStudy(studyUid)) throw new HostError(404, 'not-cached', `study ${studyUid} is not in the local cache`);
      return changeReadingStatus(cache, studyUid, status, 'set by the reader');
    },
    hangingInput: (studyUid) => hangingInput(cache, studyUid),
    ...createCacheQido(cache),
    async displayFrame(studyUid, seriesUid, sopUid, frame) {
      const instance = imaging.instance(studyUid, seriesUid, sopUid);
      return instance && imaging.displayFrame(instance, frame);
    },
    async frames(studyUid, seriesUid, sopUid, frames) {
      const instance = imaging.instance(studyUid, seriesUid, sopUid);
      return instance && Promise.all(frames.map(async (n) => (await imaging.samples(instance, n)).bytes));
    },
    async thumbnail(studyUid, seriesUid, sopUid) {
      const sop = sopUid ?? idx.middleInstanceOfSeries(studyUid, seriesUid);
      const instance = sop ? imaging.instance(studyUid, seriesUid, sop) : undefined;
      if (!instance || !instance.metadata()['7FE00010']) return undefined;
      return imaging.thumbnail(instance);
    },
    async bulkData(studyUid, seriesUid, sopUid, offset, length) {
      if (length < 0) return undefined;
      const stored = await openObject(studyUid, seriesUid, sopUid);
      if (!stored) return undefined;
      try {
        return await stored.readAt(offset, length);
      } catch (error) {
        throw integrityError(error);
      } finally {
        await stored.close();
      }
    },
    async instance(studyUid, seriesUid, sopUid) {
      const stored = await openObject(studyUid, seriesUid, sopUid);
      if (!stored) return undefined;
      try {
        return await stored.readAll();
      } catch (error) {
        throw integrityError(error);
      } finally {
        await stored.close();
      }
    },
    seriesVolumeInfo: (studyUid, seriesUid) => volumes.info(studyUid, seriesUid),
    seriesVolume: (studyUid, seriesUid) => volumes.body(studyUid, seriesUid),
    store: (instances, onStored) => storeStreamedInstances(cache, instances, onStored),
    results: (studyUid) => (idx.hasStudy(studyUid) ? { results: resultObjectsOf(idx.resultMetadata(studyUid)), aiRequests: idx.aiRequests(studyUid) } : undefined),
    getAnnotations: annotationsOf,
    saveResults: (studyUid, request) => saveStudyResults(cache, annotationsOf(studyUid), request),
    saveRegistration: (studyUid, request) => saveStudyRegistration(cache, studyUid, request),
    segmentStatistics: (studyUid, segSopUid) => segmentationStatisticsOfStudy(cache, imaging, studyUid, segSopUid),
    putAnnotations(studyUid, body) {
      if (!idx.hasStudy(studyUid)) throw new HostError(404, 'not-cached', `study ${studyUid} is not in the local cache`);
      return annotations.put(studyUid, body);
    },
    getSuvOverrides: (studyUid, seriesUid) => suvOverrides.get(heldSeries(studyUid, seriesUid), seriesUid),
    putSuvOverrides: (studyUid, seriesUid, overrides) => suvOverrides.put(heldSeries(studyUid, seriesUid), seriesUid, overrides),
  }, cache);
}

/** A sealed file that fails its check answers with the instance named (never the file's local path). */
function integrityError(error: unknown): unknown {
  return error instanceof SealedFileError ? new HostError(500, 'cache-integrity', error.message) : error;
}
