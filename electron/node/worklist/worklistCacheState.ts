import type { WorklistCacheState, WorklistEntry, WorklistItem } from '../../common/worklist/worklistTypes';
import type { StudyCache } from '../cache/studyCache';
import type { PacsNode } from '../pacs/pacsSettings';
import { findRemoteStudies } from '../pacs/remoteStudies';
import type { SecretBox } from '../pacs/secretBox';

/**
 * How much of each entry's study the cache holds. With a studies node, its instance count is the
 * measure (complete / partial / absent); the study is looked up there by UID, else by accession
 * number. Without one (or when the node does not hold the study yet), what the cache holds is all
 * there is to say: some instances count as complete, none as absent.
 */
export async function withCacheStates(entries: WorklistEntry[], cache: StudyCache, ourAeTitle: string, studiesNode?: PacsNode, secrets?: SecretBox): Promise<WorklistItem[]> {
  const items: WorklistItem[] = [];
  for (const entry of entries) items.push({ ...entry, cache: await cacheStateOf(entry, cache, ourAeTitle, studiesNode, secrets) });
  return items;
}

async function cacheStateOf(entry: WorklistEntry, cache: StudyCache, ourAeTitle: string, studiesNode?: PacsNode, secrets?: SecretBox): Promise<WorklistCacheState> {
  let uid = entry.studyInstanceUid || undefined;
  let remoteInstances: number | undefined;
  if (studiesNode && (uid || entry.accessionNumber)) {
    const query = uid ? { studyInstanceUid: uid } : { accessionNumber: entry.accessionNumber };
    const [remote] = await findRemoteStudies(studiesNode, ourAeTitle, query, cache, 1, secrets);
    if (remote) {
      uid = remote.studyInstanceUid;
      remoteInstances = remote.instanceCount;
    }
  }
  const cachedInstances = uid ? cache.index.instancesOfStudy(uid).length : 0;
  const state = cachedInstances === 0 ? 'absent' : remoteInstances !== undefined && cachedInstances < remoteInstances ? 'partial' : 'complete';
  return { state, cachedInstances, ...(remoteInstances !== undefined ? { remoteInstances } : {}), ...(uid ? { studyInstanceUid: uid } : {}) };
}
