import { createServer, type Server, type Socket } from 'node:net';
import { adoptReusingReadBuffer } from './reusedReadBuffer';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../common/dicom/write/dicomWriter';
import { CommandField } from './commandSet';
import { DimseConnection, joinDataset, OUR_MAX_PDU, type DatasetSink, type DimseMessage } from './dimseConnection';
import { answerStore, storeStatusOf, type StoreStatus } from './dimseScu';
import { buildFilePrefix } from './part10';
import { APPLICATION_CONTEXT, type AssociateRequest, type PresentationContextResult } from './pdu';
import { isStorageSopClass, SopClass, STORABLE_SYNTAXES, UNCOMPRESSED_SYNTAXES } from './sopClasses';

export interface ReceivedInstance {
  /** A Part 10 file: our meta header, then the data set exactly as the peer sent it. */
  file: Uint8Array;
  sopInstanceUid: string;
  callingAe: string;
  /** The peer's `ip:port`: with the calling AE title, which association it came on (the audit trail's "from where"). */
  address: string;
  /** For messages: `CALLING_AE@address`. */
  source: string;
}

export type ScpEvent =
  | { type: 'association'; callingAe: string; address: string }
  | { type: 'rejected'; callingAe: string; address: string; reason: string }
  | { type: 'stored'; callingAe: string; sopInstanceUid: string }
  | { type: 'store-failed'; callingAe: string; address: string; sopInstanceUid: string; error: string }
  | { type: 'closed'; callingAe: string; address: string; error?: string };

export interface StoreScpOptions {
  aeTitle: string;
  port: number;
  /** Interface to listen on (default all; the product passes the one chosen in its settings, the loopback by default). */
  host?: string;
  /** Calling AE titles allowed to associate; absent (or a function answering undefined): any; empty: none. A function is asked per association. */
  allowedCallingAes?: string[] | (() => string[] | undefined);
  /** A peer silent this long mid-association is aborted (default 60 s). */
  idleTimeoutMs?: number;
  /** Concurrent associations; more are rejected as transient "local limit exceeded" (default 16). */
  maxAssociations?: number;
  /** Stores one instance; a throw becomes a C-STORE failure status with the message as Error Comment, a StoreStatus a warning. */
  onStore: (instance: ReceivedInstance) => Promise<StoreStatus | void> | StoreStatus | void;
  /**
   * Optional streaming store: given the file's prefix (our meta header), a sink that takes the
   * data set as it arrives; its `end()` stores it (a throw is a failure status). Preferred over
   * `onStore` when given: receiving and writing overlap.
   */
  beginStore?: (instance: Omit<ReceivedInstance, 'file'> & { prefix: Uint8Array }) => DatasetSink;
  onEvent?: (event: ScpEvent) => void;
}

/** Chooses, per proposed context, what we accept (PS3.8 9.3.3.2): the first proposed syntax we can keep. */
export function negotiateContexts(request: AssociateRequest): PresentationContextResult[] {
  return request.presentationContexts.map((pc) => {
    const usable = pc.abstractSyntax === SopClass.Verification ? UNCOMPRESSED_SYNTAXES : isStorageSopClass(pc.abstractSyntax) ? STORABLE_SYNTAXES : undefined;
    if (!usable) return { id: pc.id, result: 3, transferSyntax: pc.transferSyntaxes[0] ?? '' };
    const chosen = pc.transferSyntaxes.find((ts) => usable.includes(ts));
    return chosen ? { id: pc.id, result: 0, transferSyntax: chosen } : { id: pc.id, result: 4, transferSyntax: pc.transferSyntaxes[0] ?? '' };
  });
}

/**
 * Our Storage SCP (and Verification SCP): accepts associations for our AE title from allowed
 * callers, every storage class in every syntax we decode, and hands each received instance to
 * `onStore` before answering, so a success status means stored.
 */
export class StoreScp {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private active = 0;

  constructor(private readonly options: StoreScpOptions) {}

  /** Listens; resolves with the port (useful with port 0). */
  start(): Promise<number> {
    // Paused: nothing is read before the socket is re-wrapped to read into a reused buffer.
    const server = (this.server = createServer({ pauseOnConnect: true }, (socket) => void this.onConnection(socket)));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async onConnection(accepted: Socket): Promise<void> {
    const address = `${accepted.remoteAddress}:${accepted.remotePort}`;
    const connection = new DimseConnection((onBytes) => adoptReusingReadBuffer(accepted, onBytes), { peer: address, idleTimeoutMs: this.options.idleTimeoutMs ?? 60_000 });
    const socket = connection.socket;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    let request: AssociateRequest;
    try {
      const first = await connection.nextPdu();
      if (first.type !== 'associate-rq') throw new Error(`expected A-ASSOCIATE-RQ, got ${first.type}`);
      request = first;
    } catch {
      connection.abort();
      return;
    }
    const reject = (result: number, source: number, reason: number, why: string): void => {
      this.options.onEvent?.({ type: 'rejected', callingAe: request.callingAe, address, reason: why });
      connection.writePdu({ type: 'associate-rj', result, source, reason });
      socket.end();
    };
    if (request.calledAe !== this.options.aeTitle) return reject(1, 1, 7, `called AE title "${request.calledAe}" is not ours ("${this.options.aeTitle}")`);
    const option = this.options.allowedCallingAes;
    const allowed = typeof option === 'function' ? option() : option;
    if (allowed && !allowed.includes(request.callingAe)) return reject(1, 1, 3, `calling AE title "${request.callingAe}" is not a configured node (lightbox nodes add, or nodes local --allow AE)`);
    if (this.active >= (this.options.maxAssociations ?? 16)) return reject(2, 3, 2, 'too many concurrent associations');
    const contexts = negotiateContexts(request);
    connection.writePdu({
      type: 'associate-ac',
      calledAe: request.calledAe,
      callingAe: request.callingAe,
      applicationContext: APPLICATION_CONTEXT,
      presentationContexts: contexts,
      userInfo: { maxPduLength: OUR_MAX_PDU, implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME, roleSelections: [] },
    });
    connection.startMessages(request.userInfo.maxPduLength);
    const beginStore = this.options.beginStore;
    if (beginStore) {
      connection.datasetSinkFor = (contextId, command) => {
        const context = contexts.find((c) => c.id === contextId && c.result === 0);
        if (command.commandField !== CommandField.CStoreRq || !context) return undefined;
        const sopInstanceUid = command.affectedSopInstanceUid ?? '';
        const prefix = buildFilePrefix({ sopClassUid: command.affectedSopClassUid ?? '', sopInstanceUid, transferSyntaxUid: context.transferSyntax, sourceAeTitle: request.callingAe });
        const sink = beginStore({ prefix, sopInstanceUid, callingAe: request.callingAe, address, source: `${request.callingAe}@${address} ${sopInstanceUid}` });
        sink.write(prefix);
        return sink;
      };
    }
    this.active++;
    this.options.onEvent?.({ type: 'association', callingAe: request.callingAe, address });
    let current: Promise<void> = Promise.resolve();
    connection.onReleaseRequest = () => void current.then(() => connection.answerRelease());
    try {
      for (;;) {
        const message = await connection.receive();
        current = this.onMessage(connection, message, contexts, request.callingAe, address);
        await current;
      }
    } catch {
      // closed, released or aborted: the connection knows why
    } finally {
      this.active--;
      const error = connection.error && !/closed by the peer/.test(connection.error.message) ? connection.error.message : undefined;
      this.options.onEvent?.({ type: 'closed', callingAe: request.callingAe, address, ...(error ? { error } : {}) });
    }
  }

  private async onMessage(connection: DimseConnection, message: DimseMessage, contexts: PresentationContextResult[], callingAe: string, address: string): Promise<void> {
    const { command } = message;
    if (command.commandField === CommandField.CEchoRq) {
      await connection.send(message.contextId, { commandField: CommandField.CEchoRsp, affectedSopClassUid: SopClass.Verification, messageIdBeingRespondedTo: command.messageId, status: 0, hasDataset: false });
      return;
    }
    if (command.commandField !== CommandField.CStoreRq) {
      // 0x0211: unrecognized operation (PS3.7 C.5.11).
      await connection.send(message.contextId, { commandField: command.commandField | 0x8000, messageIdBeingRespondedTo: command.messageId, status: 0x0211, hasDataset: false });
      return;
    }
    const sopInstanceUid = command.affectedSopInstanceUid ?? '';
    await answerStore(connection, message, async () => {
      const context = contexts.find((c) => c.id === message.contextId && c.result === 0);
      if (!context) throw new Error(`presentation context ${message.contextId} was not accepted`);
      if (!message.dataset) throw new Error('C-STORE-RQ without a data set');
      const source = `${callingAe}@${address} ${sopInstanceUid}`;
      let warning: StoreStatus | undefined;
      try {
        if (message.streamed && 'error' in message.streamed) throw message.streamed.error;
        if (message.streamed) warning = storeStatusOf(await message.streamed.result);
        else {
          const prefix = buildFilePrefix({ sopClassUid: command.affectedSopClassUid ?? '', sopInstanceUid, transferSyntaxUid: context.transferSyntax, sourceAeTitle: callingAe });
          warning = storeStatusOf(await this.options.onStore({ file: joinDataset(message.dataset, prefix), sopInstanceUid, callingAe, address, source }));
        }
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        this.options.onEvent?.({ type: 'store-failed', callingAe, address, sopInstanceUid, error: text });
        // The Error Comment (LO, 64 characters) carries the reason; the peer knows which instance it sent.
        throw Object.assign(new Error(text.startsWith(`${source}: `) ? text.slice(source.length + 2) : text), {
          outOfResources: (error as { outOfResources?: boolean }).outOfResources === true,
          dimseStatus: (error as { dimseStatus?: number }).dimseStatus,
        });
      }
      this.options.onEvent?.({ type: 'stored', callingAe, sopInstanceUid });
      return warning ?? 0x0000;
    });
  }
}
