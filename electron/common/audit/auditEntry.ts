/** Audited actions (DICOM PS3.15 A.5 / IHE ATNA event types in plain words). */
export type AuditAction =
  | 'import'
  | 'open'
  | 'export'
  | 'delete'
  | 'query'
  | 'verify'
  /** Instances read out through WADO (frames, files, rendered images). */
  | 'wado'
  /** Instances sent to a remote node (outbox). */
  | 'send'
  /** Instances retrieved from a remote node. */
  | 'retrieve'
  /** Instances received by the Storage SCP or STOW-RS. */
  | 'receive'
  /** Instances removed by the cache's size policy. */
  | 'evict'
  /** Values the reader replaced (a PET series' SUV inputs: weight, height, injected dose, injection time). */
  | 'edit'
  /** The reader's reading status of a study changed (unread / in-progress / read), old and new in the detail. */
  | 'status';

/**
 * PS3.15 A.5.1 EventOutcomeIndicator: 0 success, 4 minor failure (part of it failed, or it will be
 * retried), 8 serious failure (it did not happen), 12 major failure (the application is unusable).
 */
export type AuditOutcomeCode = 0 | 4 | 8 | 12;

/** One row of the audit trail: who did what to which patient's study, when, with whom, from where. */
export interface AuditEntry {
  /** Row number: increasing, never reused. */
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  action: AuditAction;
  /** 'success', or what failed. */
  outcome: string;
  outcomeCode: AuditOutcomeCode;
  /** The person: the OS user, or the one configured (LIGHTBOX_AUDIT_USER). */
  user: string;
  /** Application and host: "lightbox-cli", "lightbox-host@127.0.0.1". */
  source: string;
  patientId: string;
  /** DICOM PN as stored (`FAMILY^GIVEN`). */
  patientName: string;
  studyUid: string;
  accession: string;
  studyDescription: string;
  /** The other party: a node or caller's AE title or name, a DICOMweb URL, the folder or media imported from. */
  peer: string;
  /** The other party's network address (`host:port`, an IP address or a URL), when it has one. */
  peerAddress: string;
  /** Our AE title in DICOM network actions. */
  localAe: string;
  /** Instances concerned (0: not counted). */
  instances: number;
  /** Instances per SOP Class UID, where known. */
  sopClasses: Record<string, number>;
  detail: string;
}

/** What a writer gives: the rest is filled in from the study, or left empty. */
export type AuditInput = Pick<AuditEntry, 'action' | 'outcome' | 'user' | 'source' | 'patientId' | 'studyUid' | 'detail'> &
  Partial<Omit<AuditEntry, 'id' | 'action' | 'outcome' | 'user' | 'source' | 'patientId' | 'studyUid' | 'detail'>>;

/** The outcome code a row without one gets: success, or a failure that stopped the action. */
export function defaultOutcomeCode(outcome: string): AuditOutcomeCode {
  return outcome === 'success' ? 0 : 8;
}
