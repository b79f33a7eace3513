import { DimseError } from '../dimse/dimseErrors';
import { store } from '../dimse/dimseScu';
import { statusKind } from '../dimse/sopClasses';
import { DicomWebError, type DicomWebClient } from './dicomWebClient';
import { dimsePeer, type PacsNode } from './pacsSettings';

/** What became of one instance of a batch, as far as this side knows. */
export type InstanceOutcome =
  | { kind: 'stored' }
  | { kind: 'refused'; error: string; permanent: boolean }
  /**
   * No answer for it. `inDoubt`: it may have reached the node (it was on the wire, or the request
   * that carried it failed after the node could have stored it): ask the node before re-sending.
   */
  | { kind: 'unconfirmed'; error: string; inDoubt: boolean };

export interface OutgoingInstance {
  sopUid: string;
  bytes: Uint8Array;
}

/** Failure statuses that no retry will change (PS3.4 B.2.3): the node refuses this instance. */
export function isPermanentStatus(status: number): boolean {
  return (status & 0xff00) === 0xa900 || (status & 0xf000) === 0xc000 || status === 0x0122 || status === 0x0124;
}

/** Failures that happen before any byte of an instance goes out: nothing can be at the node. */
function nothingSent(error: unknown): boolean {
  if (error instanceof DimseError) return error.failure === 'refused' || error.failure === 'rejected' || error.failure === 'no-context';
  return error instanceof DicomWebError && error.failure === 'refused' && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(error.message);
}

/**
 * Sends a batch to a node and reports each instance's outcome as soon as it is known: over DIMSE
 * per C-STORE response, as it arrives (a batch cut off half-way has its first half confirmed);
 * over STOW-RS per ReferencedSOPSequence / FailedSOPSequence (PS3.18 10.5.3). When the node fails
 * the batch, every instance without an answer is reported 'unconfirmed' first, then the error is
 * thrown.
 */
export async function sendInstances(
  node: PacsNode,
  files: OutgoingInstance[],
  ourAe: string,
  dicomWeb: () => DicomWebClient,
  onOutcome: (index: number, outcome: InstanceOutcome) => void,
): Promise<void> {
  let answered = 0;
  const unanswered = (error: unknown, onWire: (index: number) => boolean): void => {
    const message = (error as Error).message;
    for (let i = answered; i < files.length; i++) onOutcome(i, { kind: 'unconfirmed', error: message, inDoubt: !nothingSent(error) && onWire(i) });
  };
  if (node.kind === 'dimse') {
    try {
      await store(dimsePeer(node), ourAe, files.map((f) => ({ source: f.sopUid, bytes: f.bytes })), (result, i) => {
        answered = i + 1;
        if (statusKind(result.status) !== 'failure') onOutcome(i, { kind: 'stored' });
        else onOutcome(i, { kind: 'refused', error: result.error ?? `status 0x${result.status.toString(16)}`, permanent: isPermanentStatus(result.status) });
      });
    } catch (error) {
      // The C-STORE SCU sends one instance at a time and waits for its answer: only the first
      // unanswered one can have reached the node.
      unanswered(error, (i) => i === answered);
      throw error;
    }
    return;
  }
  let result;
  try {
    result = await dicomWeb().store(files.map((f) => f.bytes));
  } catch (error) {
    // One request carried them all: the node may have stored any of them before it failed.
    unanswered(error, () => true);
    throw error;
  }
  const failed = new Map(result.failed.map((f) => [f.sopInstanceUid, f.reason]));
  const stored = new Set(result.stored);
  files.forEach((f, i) => {
    const reason = failed.get(f.sopUid);
    if (reason !== undefined) {
      // The client words the Failure Reason (0008,1197) as "failure reason <decimal>".
      const code = Number(/(\d+)\s*$/.exec(reason)?.[1] ?? NaN);
      onOutcome(i, { kind: 'refused', error: reason, permanent: Number.isNaN(code) || isPermanentStatus(code) });
    } else if (stored.has(f.sopUid)) onOutcome(i, { kind: 'stored' });
    else onOutcome(i, { kind: 'unconfirmed', error: 'not confirmed by the STOW-RS response', inDoubt: true });
  });
}
