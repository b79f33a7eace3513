import type { SecondOpinionRequest, SecondOpinionResponse } from '../../common/export/secondOpinion';
import type { PacsNodeInput, PacsNodeStatus, PacsStatus, RemoteStudy, RemoteStudyQuery, RetrieveJob } from '../../common/contract/hostContract';
import type { WorklistItem, WorklistRequest } from '../../common/worklist/worklistTypes';

/** What the host asks of PACS connectivity; absent in a host without networking (tests, read-only). */
export interface PacsApi {
  status(): PacsStatus;
  echo(node: string): Promise<PacsNodeStatus>;
  queryStudies(node: string, query: RemoteStudyQuery): Promise<RemoteStudy[]>;
  /** The worklist a node serves, each entry with its cache state (measured against `request.studiesNode`, or the default studies node). */
  queryWorklist(node: string, request: WorklistRequest): Promise<WorklistItem[]>;
  retrieve(node: string, studyUid: string, options?: { via?: RetrieveJob['via']; priority?: number }): RetrieveJob;
  send(node: string, studyUid: string): { queued: number };
  /** Queues some instances of a study (results just written) for a node. */
  sendInstances(node: string, studyUid: string, sopUids: string[]): { queued: number };
  /** "Send for second opinion": as it is, or as a pseudonymous copy (stored, queued, audited); see sendSecondOpinion. */
  secondOpinion(studyUid: string, request: SecondOpinionRequest): Promise<SecondOpinionResponse>;
  /** Adds or replaces a node (validated; throws naming the bad field). */
  saveNode(name: string, input: PacsNodeInput): PacsStatus;
  removeNode(name: string): PacsStatus;
  /** A study was opened for reading: prefetch its priors. */
  studyOpened(studyUid: string): void;
}
