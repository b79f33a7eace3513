import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../common/dicom/write/dicomWriter';
import { DimseConnection, OUR_MAX_PDU } from './dimseConnection';
import { DimseError, describeReject } from './dimseErrors';
import { connectReusingReadBuffer } from './reusedReadBuffer';
import { APPLICATION_CONTEXT, type PresentationContextProposal, type RoleSelection } from './pdu';

/** A DIMSE peer: its AE title and address, and how long to wait for it. */
export interface DimsePeer {
  aeTitle: string;
  host: string;
  port: number;
  /** Connect + each wait for an answer (default 30 s). */
  timeoutMs?: number;
}

export function peerName(peer: DimsePeer): string {
  return `${peer.aeTitle}@${peer.host}:${peer.port}`;
}

export interface AcceptedContext {
  id: number;
  abstractSyntax: string;
  transferSyntax: string;
}

/** An association we requested: the accepted presentation contexts and the connection. */
export interface RequestedAssociation {
  connection: DimseConnection;
  accepted: AcceptedContext[];
  /** The accepted context for an abstract syntax (first match), if any. */
  contextFor(abstractSyntax: string, transferSyntax?: string): AcceptedContext | undefined;
  release(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Opens an association (PS3.8 7.1): TCP connect, A-ASSOCIATE-RQ, and the peer's accept or reject. */
export async function requestAssociation(
  peer: DimsePeer,
  callingAe: string,
  contexts: Omit<PresentationContextProposal, 'id'>[],
  roleSelections: RoleSelection[] = [],
): Promise<RequestedAssociation> {
  const name = peerName(peer);
  const timeoutMs = peer.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (contexts.length > 128) throw new Error(`${name}: ${contexts.length} presentation contexts proposed; at most 128 fit an association`);
  const connection = new DimseConnection((onBytes) => connectReusingReadBuffer(peer.host, peer.port, onBytes), { peer: name, idleTimeoutMs: timeoutMs });
  const socket = connection.socket;
  const proposals = contexts.map((c, i) => ({ ...c, id: 2 * i + 1 }));
  socket.once('connect', () =>
    connection.writePdu({
      type: 'associate-rq',
      calledAe: peer.aeTitle,
      callingAe,
      applicationContext: APPLICATION_CONTEXT,
      presentationContexts: proposals,
      userInfo: { maxPduLength: OUR_MAX_PDU, implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME, roleSelections },
    }),
  );
  const answer = await connection.nextPdu();
  if (answer.type === 'associate-rj') {
    socket.destroy();
    throw new DimseError(name, 'rejected', describeReject(answer.result, answer.source, answer.reason));
  }
  if (answer.type !== 'associate-ac') {
    connection.abort();
    throw new DimseError(name, 'protocol', `expected A-ASSOCIATE-AC, got ${answer.type}`);
  }
  const accepted: AcceptedContext[] = [];
  for (const result of answer.presentationContexts) {
    const proposal = proposals.find((p) => p.id === result.id);
    if (result.result === 0 && proposal) accepted.push({ id: result.id, abstractSyntax: proposal.abstractSyntax, transferSyntax: result.transferSyntax });
  }
  connection.startMessages(answer.userInfo.maxPduLength);
  return {
    connection,
    accepted,
    contextFor: (abstractSyntax, transferSyntax) =>
      accepted.find((c) => c.abstractSyntax === abstractSyntax && (!transferSyntax || c.transferSyntax === transferSyntax)),
    release: () => connection.release(),
  };
}
