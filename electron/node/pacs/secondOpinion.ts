import type { SecondOpinionRequest, SecondOpinionResponse } from '../../common/export/secondOpinion';
import type { StudyCache } from '../cache/studyCache';
import { DeidentificationRefused, storePseudonymousCopy } from '../deidentify/pseudonymousCopy';
import { nodeAuditParty } from './nodeAuditParty';
import type { PacsNode } from './pacsSettings';

/** Where a second opinion goes: the node, our AE title (for the audit row), and how to queue instances for it. */
export interface SecondOpinionTarget {
  node: PacsNode;
  ourAeTitle: string;
  /** Queues cached instances for the node in the durable outbox; returns how many were newly queued. */
  enqueue(sopUids: string[]): number;
}

/**
 * "Send for second opinion" (teleconsultation), for the host and the CLI alike. Plain: the study's
 * instances are queued as they are (the outbox audits each send, as for any send). De-identified:
 * a pseudonymous copy is made and stored in the cache as a study of its own (the sender sees what
 * left, and the outbox sends it exactly once), queued, and the export is audited on the original
 * study: who, the original and pseudonymous studies, the node, the profile and options.
 */
export async function sendSecondOpinion(cache: StudyCache, studyUid: string, request: SecondOpinionRequest, target: SecondOpinionTarget): Promise<SecondOpinionResponse> {
  const { node } = target;
  if (!request.deidentify) {
    const instances = cache.index.instancesOfStudy(studyUid);
    if (instances.length === 0) throw new Error(`study ${studyUid} is not in the local cache`);
    const queued = target.enqueue(instances.map((i) => i.sopUid));
    return { node: node.name, originalStudyInstanceUid: studyUid, studyInstanceUid: studyUid, deidentified: false, instances: instances.length, queued, leftOut: [] };
  }
  let copy;
  try {
    copy = await storePseudonymousCopy(cache, studyUid, request.deidentify);
  } catch (error) {
    // Refused (nothing stored, nothing queued): the attempt is on record, with the instances that stopped it.
    if (error instanceof DeidentificationRefused && !cache.readOnly) {
      cache.audit({
        action: 'export',
        outcome: `refused: de-identification refuses ${error.refused.length} instance(s)`,
        studyUid,
        ...nodeAuditParty(node, target.ourAeTitle),
        instances: 0,
        detail: `second opinion to node ${node.name} not sent: ${error.refused.map((r) => r.reason).join('; ')}`,
      });
    }
    throw error;
  }
  const queued = target.enqueue(copy.sopUids);
  const leftOut = copy.leftOut.length ? `; ${copy.leftOut.length} instance(s) refused and left out: ${copy.leftOut.map((l) => l.sopInstanceUid).join(', ')}` : '';
  if (!cache.readOnly) {
    cache.audit({
      action: 'export',
      outcome: 'success',
      outcomeCode: copy.leftOut.length ? 4 : 0,
      studyUid,
      ...nodeAuditParty(node, target.ourAeTitle),
      instances: copy.sopUids.length,
      sopClasses: cache.index.sopClassesOf(copy.sopUids),
      detail:
        `second opinion to node ${node.name}: ${copy.sopUids.length} of ${copy.originalInstances} instances de-identified ` +
        `(${copy.method}) as study ${copy.studyUid}, patient ${copy.pseudonym}; ${queued} queued in the outbox${leftOut}`,
    });
  }
  return {
    node: node.name,
    originalStudyInstanceUid: studyUid,
    studyInstanceUid: copy.studyUid,
    deidentified: true,
    pseudonym: copy.pseudonym,
    method: copy.method,
    instances: copy.sopUids.length,
    queued,
    leftOut: copy.leftOut,
  };
}
