import type { WorklistEntry, WorklistQuery } from '../../common/worklist/worklistTypes';
import type { StudyCache } from '../cache/studyCache';
import { dicomWebClientFor } from '../pacs/dicomWebNode';
import { dimsePeer, type PacsNode, type PacsSettings } from '../pacs/pacsSettings';
import { auditedQuery } from '../pacs/queryAudit';
import type { SecretBox } from '../pacs/secretBox';
import { queryModalityWorklist } from './modalityWorklist';
import { searchWorklistItems } from './upsRsWorklist';

/** The worklist node: the one named, else the first configured node that serves a worklist. */
export function worklistNodeOf(settings: PacsSettings, name?: string): PacsNode {
  if (name) {
    const named = settings.nodes.find((n) => n.name === name);
    if (!named) throw new Error(`no node named "${name}" (configured: ${settings.nodes.map((n) => n.name).join(', ') || 'none'})`);
    return named;
  }
  const serving = settings.nodes.find((n) => n.worklist);
  if (!serving) throw new Error('no node serves a worklist: add one with lightbox nodes add NAME AET@HOST:PORT --worklist (or a UPS-RS URL), or name one');
  return serving;
}

/**
 * Where an entry's studies and priors are (the PACS): the one named, else the first configured
 * node that does not serve the worklist; undefined when there is none (a RIS seldom answers
 * study queries: a system doing both is named explicitly).
 */
export function studiesNodeOf(settings: PacsSettings, name?: string): PacsNode | undefined {
  if (name) {
    const named = settings.nodes.find((n) => n.name === name);
    if (!named) throw new Error(`no node named "${name}"`);
    return named;
  }
  return settings.nodes.find((n) => !n.worklist);
}

/** The query's terms as the audit trail records them. */
function auditKeys(query: WorklistQuery): Record<string, string | undefined> {
  return {
    ScheduledProcedureStepStartDate: query.scheduledDate,
    Modality: query.modality,
    ScheduledStationAETitle: query.stationAeTitle,
    AccessionNumber: query.accessionNumber,
    PatientID: query.patientId,
    PatientName: query.patientName,
  };
}

const startOf = (e: WorklistEntry): string => `${e.scheduledStep.startDate}${e.scheduledStep.startTime.padEnd(6, '0')}`;

/**
 * The worklist from a node (Modality Worklist C-FIND or UPS-RS search), audited as a query
 * (PS3.15 A.5.3.12), in the order of the scheduled start (the RIS answers in any order).
 */
export async function queryWorklist(node: PacsNode, ourAeTitle: string, query: WorklistQuery, cache: StudyCache, secrets?: SecretBox): Promise<WorklistEntry[]> {
  const entries = await auditedQuery(cache, node, ourAeTitle, 'WORKLIST', auditKeys(query), () =>
    node.kind === 'dimse' ? queryModalityWorklist(dimsePeer(node), ourAeTitle, query) : searchWorklistItems(dicomWebClientFor(node, secrets), query),
  );
  return entries.sort((a, b) => startOf(a).localeCompare(startOf(b)));
}
