import type { StudyCache } from '../cache/studyCache';
import { SopClass } from '../dimse/sopClasses';
import type { QueryLevel } from '../dimse/queryIdentifier';
import { nodeAuditParty } from './nodeAuditParty';
import type { PacsNode } from './pacsSettings';

/**
 * A query to a node (C-FIND or QIDO-RS) in the audit trail (PS3.15 A.5.3.12): the node, the query
 * as sent (`LEVEL Key=Value …`, which the ATNA message carries as ParticipantObjectQuery), how many
 * matched; a DIMSE query also names its Query/Retrieve SOP Class (`sopClasses`: that class and the
 * number of matches). The study is named when the query asked for one.
 */
export function auditQuery(cache: StudyCache, node: PacsNode, ourAeTitle: string, level: QueryLevel | 'WORKLIST', keys: Record<string, string | undefined>, result: { matches: number } | { error: unknown }): void {
  const terms = Object.entries(keys)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${v}`);
  const matches = 'matches' in result ? result.matches : 0;
  const model = level === 'WORKLIST' ? SopClass.ModalityWorklistFind : level === 'PATIENT' ? SopClass.PatientRootFind : SopClass.StudyRootFind;
  const error = 'error' in result ? (result.error instanceof Error ? result.error.message : String(result.error)) : '';
  try {
    cache.audit({
      action: 'query',
      outcome: error || 'success',
      outcomeCode: error ? 8 : 0,
      studyUid: keys.StudyInstanceUID ?? '',
      // A query for one patient names that patient (a wildcard names nobody).
      ...(keys.PatientID && !/[*?]/.test(keys.PatientID) ? { patientId: keys.PatientID } : {}),
      instances: matches,
      ...(node.kind === 'dimse' ? { sopClasses: { [model]: matches } } : {}),
      ...nodeAuditParty(node, ourAeTitle),
      detail: [level, ...terms].join(' '),
    });
  } catch (auditError) {
    console.warn(`lightbox: audit row for a query of ${node.name} not written: ${auditError instanceof Error ? auditError.message : String(auditError)}`);
  }
}

/** Runs a query and audits it, whether it answered or failed. */
export async function auditedQuery<T>(cache: StudyCache, node: PacsNode, ourAeTitle: string, level: QueryLevel | 'WORKLIST', keys: Record<string, string | undefined>, run: () => Promise<T[]>): Promise<T[]> {
  try {
    const found = await run();
    auditQuery(cache, node, ourAeTitle, level, keys, { matches: found.length });
    return found;
  } catch (error) {
    auditQuery(cache, node, ourAeTitle, level, keys, { error });
    throw error;
  }
}
