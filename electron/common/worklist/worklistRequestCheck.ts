import type { WorklistQuery, WorklistRequest } from './worklistTypes';

const QUERY_FIELDS: Array<keyof WorklistQuery> = ['scheduledDate', 'modality', 'stationAeTitle', 'accessionNumber', 'patientId', 'patientName'];

/** What is wrong with a worklist request from the renderer (undefined: nothing), before it reaches a node. */
export function worklistRequestProblem(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null) return 'a worklist request needs a body { query: {…} }';
  const { query, studiesNode } = request as Partial<WorklistRequest>;
  if (typeof query !== 'object' || query === null) return 'a worklist request needs query: {…} (empty: the whole worklist)';
  for (const [key, value] of Object.entries(query)) {
    if (!QUERY_FIELDS.includes(key as keyof WorklistQuery)) return `unknown worklist query field "${key}" (known: ${QUERY_FIELDS.join(', ')})`;
    if (value !== undefined && typeof value !== 'string') return `worklist query field ${key} must be a string`;
  }
  if (query.scheduledDate !== undefined && !/^(\d{8}|\d{8}-\d{8}|\d{8}-|-\d{8})$/.test(query.scheduledDate)) return `scheduledDate "${query.scheduledDate}" is not a DICOM date or range (YYYYMMDD, YYYYMMDD-YYYYMMDD)`;
  if (studiesNode !== undefined && typeof studiesNode !== 'string') return 'studiesNode must be a node name';
  return undefined;
}
