import type { RemoteStudy } from '../../common/contract/hostContract';
import type { WorklistEntry } from '../../common/worklist/worklistTypes';
import type { StudyCache } from '../cache/studyCache';
import type { PacsNode } from '../pacs/pacsSettings';
import { planPrefetch, type PrefetchPlan } from '../pacs/prefetchPlan';
import type { PrefetchRules } from '../pacs/priorSelection';

/** The study an entry orders, as the prior ranking sees it (date, modality, description from the order). */
export function scheduledStudyOf(entry: WorklistEntry): RemoteStudy {
  return {
    studyInstanceUid: entry.studyInstanceUid,
    patientName: entry.patientName,
    patientId: entry.patientId,
    accessionNumber: entry.accessionNumber,
    studyDate: entry.scheduledStep.startDate,
    studyDescription: entry.requestedProcedureDescription || entry.scheduledStep.description,
    modalities: entry.scheduledStep.modality ? [entry.scheduledStep.modality] : [],
    cachedInstances: 0,
  };
}

/**
 * What to prefetch for worklist entries from the studies node: each entry's study (by Study
 * Instance UID, else by accession number) where the node has it already, and the relevant priors
 * of each (by the patient's ID), also for orders whose study is not acquired yet.
 */
export function planWorklistPrefetch(entries: WorklistEntry[], studiesNode: PacsNode, ourAeTitle: string, cache: StudyCache, rules: PrefetchRules): Promise<PrefetchPlan> {
  return planPrefetch(
    studiesNode,
    ourAeTitle,
    cache,
    {
      studyUids: [...new Set(entries.map((e) => e.studyInstanceUid).filter(Boolean))],
      accessions: [...new Set(entries.filter((e) => !e.studyInstanceUid && e.accessionNumber).map((e) => e.accessionNumber))],
      scheduled: entries.filter((e) => e.patientId).map(scheduledStudyOf),
    },
    rules,
  );
}
