import { open } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { HostError } from '../../common/contract/hostError';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { createCacheQido } from '../dicomweb/cacheQido';
import type { LocalStudies } from '../host/localStudies';
import type { ImagingService } from '../imaging/imagingService';
import { createAnnotationStore } from './annotationStore';
import { hangingInput } from './hangingInput';
import { SeriesVolumes } from './seriesVolumes';
import type { StudyCache } from './studyCache';

/** The local cache as the host's studies: the index answers lists and metadata, the imaging pool decodes. */
export function createCacheLocalStudies(cache: StudyCache, imaging: ImagingService): LocalStudies {
  const idx = cache.index;
  const annotations = createAnnotationStore(cache.paths);
  const volumes = new SeriesVolumes(cache, imaging);
  const objectFile = (studyUid: string, seriesUid: string, sopUid: string): string | undefined => {
    const o = idx.instanceObject(studyUid, seriesUid, sopUid);
    return o ? path.join(cache.paths.objects, o.objectPath) : undefined;
  };
  return {
    search: (query) => idx.searchStudies(query),
    hasStudy: (studyUid) => idx.hasStudy(studyUid),
    findStudyByAccession: (accession) => idx.studyByAccession(accession),
    recordOpen(studyUid) {
      // One transaction, one fsync (each commit waits for the disk, on the host's event loop).
      idx.db.transaction(() => {
        idx.markStudyUsed(studyUid);
        cache.audit({ action: 'open', outcome: 'success', studyUid, detail: 'opened for reading' });
      })();
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
      const file = objectFile(studyUid, seriesUid, sopUid);
      if (!file || length < 0) return undefined;
      const handle = await open(file, 'r');
      try {
        const bytes = new Uint8Array(length);
        const { bytesRead } = await handle.read(bytes, 0, length, offset);
        return bytes.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async instance(studyUid, seriesUid, sopUid) {
      const file = objectFile(studyUid, seriesUid, sopUid);
      return file ? new Uint8Array(await readFile(file)) : undefined;
    },
    seriesVolumeInfo: (studyUid, seriesUid) => volumes.info(studyUid, seriesUid),
    seriesVolume: (studyUid, seriesUid) => volumes.body(studyUid, seriesUid),
    async store(instances) {
      // PS3.18 10.5.3: Referenced SOP Sequence (0008,1199) for stored, Failed SOP Sequence (0008,1198) with a reason.
      const referenced: DicomJsonDataset[] = [];
      const failed: DicomJsonDataset[] = [];
      for (const [i, bytes] of instances.entries()) {
        try {
          const outcome = cache.store(bytes, `STOW-RS part ${i + 1}`);
          referenced.push({ '00081155': { vr: 'UI', Value: [outcome.sopInstanceUid] } });
          cache.audit({ action: 'import', outcome: 'success', studyUid: outcome.studyInstanceUid, detail: 'STOW-RS' });
        } catch (error) {
          // 0xA700 "out of resources" for storage failures, 0xC000 "cannot understand" for bad data (PS3.4 B.2.3).
          failed.push({ '00081197': { vr: 'US', Value: [error instanceof Error && error.name === 'StorageError' ? 0xa700 : 0xc000] } });
        }
        // One instance per turn of the event loop: a large STOW never holds up frames and events.
        await yieldToEventLoop();
      }
      return {
        ...(referenced.length ? { '00081199': { vr: 'SQ', Value: referenced } } : {}),
        ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed } } : {}),
      } as DicomJsonDataset;
    },
    getAnnotations: (studyUid) => annotations.get(studyUid),
    putAnnotations(studyUid, body) {
      if (!idx.hasStudy(studyUid)) throw new HostError(404, 'not-cached', `study ${studyUid} is not in the local cache`);
      return annotations.put(studyUid, body);
    },
  };
}
