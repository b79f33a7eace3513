import { createCacheLocalStudies } from '../../electron/node/cache/cacheLocalStudies';
import type { StudyCache } from '../../electron/node/cache/studyCache';
import type { LocalStudies } from '../../electron/node/host/localStudies';
import { ImagingService } from '../../electron/node/imaging/imagingService';

/** The host's studies over a test's cache, with the imaging threads to close when the test ends. */
export function localStudiesOf(cache: StudyCache, poolSize = 1): { studies: LocalStudies; close(): Promise<void> } {
  const imaging = new ImagingService(cache, { poolSize });
  return { studies: createCacheLocalStudies(cache, imaging), close: () => imaging.close() };
}
