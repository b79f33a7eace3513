import type { RemoteStudy } from '../../common/contract/hostContract';
import type { StudyCache } from '../cache/studyCache';
import type { PacsNode } from './pacsSettings';
import { selectPriors, type PrefetchRules, type RankedPrior } from './priorSelection';
import { findRemoteStudies } from './remoteStudies';

export interface PrefetchPlan {
  /** The studies asked for (worklist), not yet complete in the cache. */
  studies: RemoteStudy[];
  /** Their relevant priors on the node, not yet complete in the cache, with why each was chosen. */
  priors: (RankedPrior & { forStudy: string })[];
}

const complete = (s: RemoteStudy): boolean => s.instanceCount !== undefined && s.cachedInstances >= s.instanceCount;

/**
 * What to fetch so that tomorrow's reading is local tonight: the worklist's studies (by
 * accession number, or a study-level query such as a date) and, for each, its priors on the
 * node chosen by the prefetch rules. Only queries are made here; the caller retrieves.
 * `scheduled`: studies ordered but not (all) on the node yet (a worklist's entries, described by
 * the order): those missing there still get their priors, found by the patient's ID.
 */
export async function planPrefetch(
  node: PacsNode,
  ourAeTitle: string,
  cache: StudyCache,
  worklist: { accessions?: string[]; studyUids?: string[]; query?: Record<string, string>; scheduled?: RemoteStudy[] },
  rules: PrefetchRules,
): Promise<PrefetchPlan> {
  const wanted: RemoteStudy[] = [];
  for (const accessionNumber of worklist.accessions ?? []) wanted.push(...(await findRemoteStudies(node, ourAeTitle, { accessionNumber }, cache)));
  for (const studyInstanceUid of worklist.studyUids ?? []) wanted.push(...(await findRemoteStudies(node, ourAeTitle, { studyInstanceUid }, cache)));
  if (worklist.query) {
    const q = worklist.query;
    wanted.push(...(await findRemoteStudies(node, ourAeTitle, { patientName: q.PatientName, patientId: q.PatientID, studyDate: q.StudyDate, modality: q.ModalitiesInStudy, accessionNumber: q.AccessionNumber }, cache)));
  }
  const unique = [...new Map(wanted.map((s) => [s.studyInstanceUid, s])).values()];
  const priors: PrefetchPlan['priors'] = [];
  const seen = new Set(unique.map((s) => s.studyInstanceUid));
  const notOnNode = (worklist.scheduled ?? []).filter((s) => !seen.has(s.studyInstanceUid) && !unique.some((u) => s.accessionNumber && u.accessionNumber === s.accessionNumber));
  for (const s of notOnNode) seen.add(s.studyInstanceUid);
  for (const study of [...unique, ...notOnNode]) {
    if (!study.patientId) continue;
    const history = await findRemoteStudies(node, ourAeTitle, { patientId: study.patientId }, cache);
    for (const prior of selectPriors(study, history, rules)) {
      if (seen.has(prior.study.studyInstanceUid) || complete(prior.study)) continue;
      seen.add(prior.study.studyInstanceUid);
      priors.push({ ...prior, forStudy: study.studyInstanceUid });
    }
  }
  return { studies: unique.filter((s) => !complete(s)), priors };
}
