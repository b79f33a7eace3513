import { inflateRawSync } from 'node:zlib';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { writeDataset, type WriteElement } from '../../common/dicom/write/dicomWriter';
import { CommandField, Priority, type CommandSet } from './commandSet';
import { joinDataset, type DimseConnection, type DimseMessage } from './dimseConnection';
import { DimseError } from './dimseErrors';
import { buildFilePrefix, readFileMeta } from './part10';
import { buildIdentifier, type QueryKeys, type QueryLevel } from './queryIdentifier';
import { peerName, requestAssociation, type DimsePeer, type RequestedAssociation } from './requestAssociation';
import { SopClass, statusKind, statusText, UNCOMPRESSED_SYNTAXES } from './sopClasses';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

let nextMessageId = 1;
function messageId(): number {
  nextMessageId = (nextMessageId % 0xffff) + 1;
  return nextMessageId;
}

async function withAssociation<T>(association: RequestedAssociation, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    await association.release();
    return result;
  } catch (error) {
    association.connection.abort();
    throw error;
  }
}

function requireContext(association: RequestedAssociation, peer: DimsePeer, abstractSyntax: string, what: string): { id: number; transferSyntax: string } {
  const context = association.contextFor(abstractSyntax);
  if (!context) {
    association.connection.abort();
    throw new DimseError(peerName(peer), 'no-context', `the peer does not offer ${what} (${abstractSyntax} not accepted)`);
  }
  return context;
}

/** C-ECHO (PS3.7 9.1.5): the round trip time in ms. */
export async function echo(peer: DimsePeer, callingAe: string): Promise<number> {
  const started = performance.now();
  const association = await requestAssociation(peer, callingAe, [{ abstractSyntax: SopClass.Verification, transferSyntaxes: UNCOMPRESSED_SYNTAXES }]);
  const context = requireContext(association, peer, SopClass.Verification, 'verification');
  return withAssociation(association, async () => {
    await association.connection.send(context.id, { commandField: CommandField.CEchoRq, affectedSopClassUid: SopClass.Verification, messageId: messageId(), hasDataset: false });
    const response = await association.connection.receive();
    const status = response.command.status ?? 0xffff;
    if (statusKind(status) !== 'success') throw new DimseError(peerName(peer), 'status', `C-ECHO failed: ${statusText(status)}`, status);
    return performance.now() - started;
  });
}

/** A received identifier (C-FIND response) as DICOM JSON. */
export function decodeIdentifier(bytes: Uint8Array, transferSyntaxUid: string, source: string): DicomJsonDataset {
  const prefix = buildFilePrefix({ sopClassUid: '1.2.840.10008.1.1', sopInstanceUid: '1', transferSyntaxUid });
  const whole = new Uint8Array(prefix.length + bytes.length);
  whole.set(prefix);
  whole.set(bytes, prefix.length);
  const parsed = parseDicom(whole, { source, headerOnly: false, inflateRaw: (b) => inflateRawSync(b) });
  // The parser reads damaged files best-effort; an identifier from a peer must be whole.
  const damage = parsed.warnings.find((w) => /declares|stopped early|eof/i.test(w));
  if (damage) throw new Error(`${source}: malformed identifier: ${damage}`);
  return parsed.dataset;
}

function queryModel(level: QueryLevel, operation: 'find' | 'move' | 'get'): string {
  const patientRoot = level === 'PATIENT';
  if (operation === 'find') return patientRoot ? SopClass.PatientRootFind : SopClass.StudyRootFind;
  if (operation === 'move') return patientRoot ? SopClass.PatientRootMove : SopClass.StudyRootMove;
  return patientRoot ? SopClass.PatientRootGet : SopClass.StudyRootGet;
}

/** C-FIND (PS3.4 C.4.1): every match, as DICOM JSON. `limit` cancels once that many arrived. */
export async function find(peer: DimsePeer, callingAe: string, level: QueryLevel, keys: QueryKeys, options: { limit?: number } = {}): Promise<DicomJsonDataset[]> {
  return findIdentifiers(peer, callingAe, queryModel(level, 'find'), buildIdentifier(level, keys), options);
}

/**
 * C-FIND in any information model (Query/Retrieve, Modality Worklist …) with an identifier built
 * by the caller (it may nest sequences, as a worklist query does): every match, as DICOM JSON.
 */
export async function findIdentifiers(peer: DimsePeer, callingAe: string, model: string, identifier: WriteElement[], options: { limit?: number } = {}): Promise<DicomJsonDataset[]> {
  const association = await requestAssociation(peer, callingAe, [{ abstractSyntax: model, transferSyntaxes: UNCOMPRESSED_SYNTAXES }]);
  const context = requireContext(association, peer, model, 'C-FIND');
  return withAssociation(association, async () => {
    const id = messageId();
    await association.connection.send(
      context.id,
      { commandField: CommandField.CFindRq, affectedSopClassUid: model, messageId: id, priority: Priority.Medium, hasDataset: true },
      writeDataset(identifier, context.transferSyntax),
    );
    const matches: DicomJsonDataset[] = [];
    let cancelled = false;
    for (;;) {
      const response = await association.connection.receive();
      const status = response.command.status ?? 0xffff;
      const kind = statusKind(status);
      if (kind === 'pending') {
        if (response.dataset && !cancelled) {
          try {
            matches.push(decodeIdentifier(joinDataset(response.dataset), context.transferSyntax, `C-FIND response from ${peerName(peer)}`));
          } catch (error) {
            throw new DimseError(peerName(peer), 'protocol', (error as Error).message);
          }
        }
        if (options.limit !== undefined && matches.length >= options.limit && !cancelled) {
          cancelled = true;
          await association.connection.send(context.id, { commandField: CommandField.CCancelRq, messageIdBeingRespondedTo: id, hasDataset: false });
        }
        continue;
      }
      if (kind === 'success' || kind === 'cancel') return matches;
      throw new DimseError(peerName(peer), 'status', `C-FIND failed: ${statusText(status)}${response.command.errorComment ? ` (${response.command.errorComment})` : ''}`, status);
    }
  });
}

/** Sub-operation counts of a C-MOVE/C-GET (PS3.4 C.4.2.1.6). */
export interface RetrieveCounts {
  remaining: number;
  completed: number;
  failed: number;
  warning: number;
}

function counts(command: CommandSet, fallback: RetrieveCounts): RetrieveCounts {
  return {
    remaining: command.remainingSubOperations ?? fallback.remaining,
    completed: command.completedSubOperations ?? fallback.completed,
    failed: command.failedSubOperations ?? fallback.failed,
    warning: command.warningSubOperations ?? fallback.warning,
  };
}

function retrieveFailure(peer: DimsePeer, what: string, response: DimseMessage, tally: RetrieveCounts): DimseError {
  const status = response.command.status ?? 0xffff;
  const comment = response.command.errorComment ? ` (${response.command.errorComment})` : '';
  return new DimseError(peerName(peer), 'status', `${what} failed: ${statusText(status)}${comment}; ${tally.completed} completed, ${tally.failed} failed`, status);
}

/**
 * C-MOVE (PS3.4 C.4.2): asks the peer to send the matches to `destinationAe` (our Storage SCP,
 * which must already be listening and be known to the peer). Resolves with the final counts.
 */
export async function move(
  peer: DimsePeer,
  callingAe: string,
  destinationAe: string,
  level: QueryLevel,
  keys: QueryKeys,
  onProgress?: (counts: RetrieveCounts) => void,
): Promise<RetrieveCounts> {
  const model = queryModel(level, 'move');
  const association = await requestAssociation(peer, callingAe, [{ abstractSyntax: model, transferSyntaxes: UNCOMPRESSED_SYNTAXES }]);
  const context = requireContext(association, peer, model, 'C-MOVE');
  return withAssociation(association, async () => {
    await association.connection.send(
      context.id,
      { commandField: CommandField.CMoveRq, affectedSopClassUid: model, messageId: messageId(), priority: Priority.Medium, moveDestination: destinationAe, hasDataset: true },
      writeDataset(buildIdentifier(level, keys, false), context.transferSyntax),
    );
    let tally: RetrieveCounts = { remaining: 0, completed: 0, failed: 0, warning: 0 };
    for (;;) {
      const response = await association.connection.receive();
      tally = counts(response.command, tally);
      const kind = statusKind(response.command.status ?? 0xffff);
      if (kind === 'pending') {
        onProgress?.(tally);
        continue;
      }
      if (kind === 'success' || kind === 'warning') return tally;
      throw retrieveFailure(peer, 'C-MOVE', response, tally);
    }
  });
}

/** Answers a C-STORE-RQ received on `connection` after `handle` ran (its throw becomes a failure status). */
export async function answerStore(connection: DimseConnection, request: DimseMessage, handle: () => Promise<number | StoreStatus> | number | StoreStatus): Promise<void> {
  let status: number;
  let errorComment: string | undefined;
  try {
    const answer = await handle();
    ({ status, comment: errorComment } = typeof answer === 'number' ? { status: answer, comment: undefined } : answer);
  } catch (error) {
    // PS3.4 B.2.3: A7xx "Refused: Out of Resources" when our storage is full (the sender may retry
    // later or elsewhere); a status the error carries (A900 for a data set refused as damaged);
    // C000 "Error: Cannot understand" for what we could not store otherwise.
    const carried = (error as { dimseStatus?: unknown }).dimseStatus;
    status = (error as { outOfResources?: boolean }).outOfResources ? 0xa700 : typeof carried === 'number' ? carried : 0xc000;
    errorComment = (error instanceof Error ? error.message : String(error)).slice(0, 64);
  }
  errorComment = errorComment?.slice(0, 64);
  await connection.send(request.contextId, {
    commandField: CommandField.CStoreRsp,
    affectedSopClassUid: request.command.affectedSopClassUid,
    affectedSopInstanceUid: request.command.affectedSopInstanceUid,
    messageIdBeingRespondedTo: request.command.messageId,
    status,
    errorComment,
    hasDataset: false,
  });
}

/** A C-STORE answer other than plain success: a warning (B000, B006, B007) with its Error Comment. */
export interface StoreStatus {
  status: number;
  comment?: string;
}

/** A store handler's result when it is a StoreStatus (anything else: plain success). */
export function storeStatusOf(result: unknown): StoreStatus | undefined {
  return typeof result === 'object' && result !== null && typeof (result as StoreStatus).status === 'number' ? (result as StoreStatus) : undefined;
}

/**
 * C-GET (PS3.4 C.4.3): the peer sends the matches back over this association. We propose the
 * given storage classes in the SCP role, each with every syntax in `transferSyntaxes` as its own
 * context, so the peer can send what it stores without transcoding.
 */
export async function get(
  peer: DimsePeer,
  callingAe: string,
  level: QueryLevel,
  keys: QueryKeys,
  storage: { sopClasses: string[]; transferSyntaxes: string[] },
  onInstance: (file: Uint8Array, sopInstanceUid: string) => Promise<void> | void,
  onProgress?: (counts: RetrieveCounts) => void,
): Promise<RetrieveCounts> {
  const model = queryModel(level, 'get');
  const storageContexts = storage.sopClasses.flatMap((sopClass) => storage.transferSyntaxes.map((ts) => ({ abstractSyntax: sopClass, transferSyntaxes: [ts] })));
  const association = await requestAssociation(
    peer,
    callingAe,
    [{ abstractSyntax: model, transferSyntaxes: UNCOMPRESSED_SYNTAXES }, ...storageContexts.slice(0, 127)],
    storage.sopClasses.map((sopClassUid) => ({ sopClassUid, scu: false, scp: true })),
  );
  const context = requireContext(association, peer, model, 'C-GET');
  return withAssociation(association, async () => {
    await association.connection.send(
      context.id,
      { commandField: CommandField.CGetRq, affectedSopClassUid: model, messageId: messageId(), priority: Priority.Medium, hasDataset: true },
      writeDataset(buildIdentifier(level, keys, false), context.transferSyntax),
    );
    let tally: RetrieveCounts = { remaining: 0, completed: 0, failed: 0, warning: 0 };
    for (;;) {
      const message = await association.connection.receive();
      if (message.command.commandField === CommandField.CStoreRq) {
        const accepted = association.accepted.find((c) => c.id === message.contextId);
        await answerStore(association.connection, message, async () => {
          if (!accepted || !message.dataset) throw new Error('C-STORE without a data set or on an unknown context');
          const sopInstanceUid = message.command.affectedSopInstanceUid ?? '';
          const prefix = buildFilePrefix({ sopClassUid: message.command.affectedSopClassUid ?? accepted.abstractSyntax, sopInstanceUid, transferSyntaxUid: accepted.transferSyntax, sourceAeTitle: peer.aeTitle });
          await onInstance(joinDataset(message.dataset, prefix), sopInstanceUid);
          return 0x0000;
        });
        continue;
      }
      tally = counts(message.command, tally);
      const kind = statusKind(message.command.status ?? 0xffff);
      if (kind === 'pending') {
        onProgress?.(tally);
        continue;
      }
      if (kind === 'success' || kind === 'warning') return tally;
      throw retrieveFailure(peer, 'C-GET', message, tally);
    }
  });
}

/** One file to send, and the peer's answer for it. */
export interface StoreResult {
  source: string;
  sopInstanceUid: string;
  status: number;
  error?: string;
}

/**
 * C-STORE SCU (PS3.4 B.2): sends Part 10 files as they are (no transcoding: each file's own
 * transfer syntax is proposed), one association for all of them. A file the peer refuses is
 * reported in its result; the others still go.
 */
export async function store(
  peer: DimsePeer,
  callingAe: string,
  files: { source: string; bytes: Uint8Array }[],
  onEach?: (result: StoreResult, index: number) => void,
): Promise<StoreResult[]> {
  const metas = files.map((f) => readFileMeta(f.bytes, f.source));
  const pairs = new Map<string, { abstractSyntax: string; transferSyntaxes: string[] }>();
  for (const m of metas) pairs.set(`${m.sopClassUid}|${m.transferSyntaxUid}`, { abstractSyntax: m.sopClassUid, transferSyntaxes: [m.transferSyntaxUid] });
  const association = await requestAssociation(peer, callingAe, [...pairs.values()]);
  return withAssociation(association, async () => {
    const results: StoreResult[] = [];
    for (const [i, file] of files.entries()) {
      const meta = metas[i]!;
      const context = association.contextFor(meta.sopClassUid, meta.transferSyntaxUid);
      let result: StoreResult;
      if (!context) {
        result = { source: file.source, sopInstanceUid: meta.sopInstanceUid, status: 0x0122, error: `${peerName(peer)} does not accept ${meta.sopClassUid} in ${meta.transferSyntaxUid}` };
      } else {
        await association.connection.send(
          context.id,
          { commandField: CommandField.CStoreRq, affectedSopClassUid: meta.sopClassUid, affectedSopInstanceUid: meta.sopInstanceUid, messageId: messageId(), priority: Priority.Medium, hasDataset: true },
          file.bytes.subarray(meta.datasetOffset),
        );
        const response = await association.connection.receive();
        const status = response.command.status ?? 0xffff;
        const kind = statusKind(status);
        result = { source: file.source, sopInstanceUid: meta.sopInstanceUid, status, ...(kind === 'failure' ? { error: `${statusText(status)}${response.command.errorComment ? ` (${response.command.errorComment})` : ''}` } : {}) };
      }
      results.push(result);
      onEach?.(result, i);
    }
    return results;
  });
}
