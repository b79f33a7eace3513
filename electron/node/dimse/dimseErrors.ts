/** Why a DIMSE operation with a peer failed; every message names the peer. */
export type DimseFailure =
  | 'refused' // TCP connection refused / unreachable
  | 'rejected' // A-ASSOCIATE-RJ
  | 'aborted' // A-ABORT, or the connection dropped
  | 'timeout' // the peer stopped answering
  | 'protocol' // malformed PDU or command
  | 'no-context' // nothing we need was accepted
  | 'status'; // the peer answered with a failure status

export class DimseError extends Error {
  override name = 'DimseError';
  constructor(
    readonly peer: string,
    readonly failure: DimseFailure,
    detail: string,
    readonly status?: number,
  ) {
    super(`${peer}: ${detail}`);
  }
}

const REJECT_REASONS: Record<string, string> = {
  '1:1': 'no reason given',
  '1:2': 'application context name not supported',
  '1:3': 'calling AE title not recognized',
  '1:7': 'called AE title not recognized',
  '2:1': 'no reason given (ACSE)',
  '2:2': 'protocol version not supported',
  '3:1': 'temporary congestion',
  '3:2': 'local limit exceeded',
};

/** A-ASSOCIATE-RJ in words (PS3.8 9.3.4). */
export function describeReject(result: number, source: number, reason: number): string {
  const why = REJECT_REASONS[`${source}:${reason}`] ?? `source ${source}, reason ${reason}`;
  return `association rejected (${result === 2 ? 'transient' : 'permanent'}): ${why}`;
}
