import type { Socket } from 'node:net';
import { encodeCommandSet, decodeCommandSet, type CommandSet } from './commandSet';
import { DimseError } from './dimseErrors';
import { encodePdu, pDataHeader, type Pdu, type Pdv } from './pdu';
import { PduStream } from './pduStream';
import type { OnBytes } from './reusedReadBuffer';

/** One DIMSE message: a command and, when it says so, a data set (kept as received fragments). */
export interface DimseMessage {
  contextId: number;
  command: CommandSet;
  dataset?: DatasetBytes;
  /** When a sink took the data set as it arrived: what its `end` returned, or why it failed. */
  streamed?: { result: unknown } | { error: Error };
}

/** Where a data set goes fragment by fragment as it arrives, instead of being collected. */
export interface DatasetSink {
  /** A fragment as it arrives: a view of the socket's read buffer, valid only during the call (copy what is kept). */
  write(part: Uint8Array): void;
  /** The data set is complete; a promise returned is awaited before the message is answered. */
  end(): unknown;
  abort(): void;
}

/** A data set as the PDVs delivered it: joined only when (and where) the receiver needs it. */
export interface DatasetBytes {
  parts: Uint8Array[];
  length: number;
}

export function joinDataset(dataset: DatasetBytes, prefix?: Uint8Array): Uint8Array {
  const out = new Uint8Array((prefix?.length ?? 0) + dataset.length);
  let at = 0;
  if (prefix) {
    out.set(prefix);
    at = prefix.length;
  }
  for (const part of dataset.parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The most we accept in one PDU (advertised in A-ASSOCIATE); the peer's maximum bounds what we send. */
export const OUR_MAX_PDU = 1 << 20;
/** A peer that ignores our maximum is tolerated up to this; beyond it the stream is not DICOM. */
const HARD_PDU_LIMIT = 64 << 20;

export interface ConnectionOptions {
  /** Named in every error: `AET@host:port`. */
  peer: string;
  /** No byte from the peer for this long while we wait for it: the association is aborted. */
  idleTimeoutMs: number;
}

type Waiter<T> = { resolve: (value: T) => void; reject: (error: Error) => void };

/**
 * A socket speaking the DICOM upper layer: PDUs in, DIMSE messages assembled from PDVs, messages
 * out split to the peer's maximum PDU length. Association negotiation is done by its users
 * (requestAssociation, acceptAssociation) with `nextPdu`; after it, `receive`/`send`.
 */
export class DimseConnection {
  private readonly stream = new PduStream(HARD_PDU_LIMIT, {
    onPdu: (pdu) => this.onPdu(pdu),
    // Before negotiation (or after a release request) a P-DATA-TF is only an unexpected PDU.
    onPDataStart: () => {
      if (!this.negotiated) this.onPdu({ type: 'p-data', pdvs: [] });
    },
    onPdv: (pdv) => {
      if (this.negotiated) this.onPdv(pdv);
    },
  });
  readonly socket: Socket;
  private readonly pdus: Pdu[] = [];
  private pduWaiter?: Waiter<Pdu>;
  private readonly messages: DimseMessage[] = [];
  private messageWaiter?: Waiter<DimseMessage>;
  private failure?: DimseError;
  private partial?: { contextId: number; commandParts: Uint8Array[]; command?: CommandSet; dataset: DatasetBytes; sink?: DatasetSink; sinkError?: Error };
  private negotiated = false;
  /** The peer's maximum PDU length (0: no limit; we then send 1 MiB PDUs). */
  peerMaxPdu = 0;
  readonly closed: Promise<void>;
  /** Offered every command that announces a data set: a sink returned takes that data set as it arrives. */
  datasetSinkFor?: (contextId: number, command: CommandSet) => DatasetSink | undefined;
  /** Called when the peer asks to release; the user answers with `answerRelease`. */
  onReleaseRequest?: () => void;

  /** `openSocket`: opens the socket given where its bytes go (it reads into a reused buffer, see reusedReadBuffer.ts). */
  constructor(
    openSocket: (onBytes: OnBytes) => Socket,
    readonly options: ConnectionOptions,
  ) {
    const socket = (this.socket = openSocket((bytes) => this.onData(bytes)));
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs);
    socket.on('timeout', () => this.fail(new DimseError(options.peer, 'timeout', `no answer for ${Math.round(options.idleTimeoutMs / 1000)} s: the peer stalled; association aborted`), true));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      this.fail(new DimseError(options.peer, error.code === 'ECONNREFUSED' || error.code === 'EHOSTUNREACH' ? 'refused' : 'aborted', `connection failed: ${error.code ?? error.message}`)),
    );
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.fail(new DimseError(options.peer, 'aborted', 'connection closed by the peer'));
      resolve();
    }));
  }

  get error(): DimseError | undefined {
    return this.failure;
  }

  private onData(bytes: Uint8Array): void {
    if (this.failure) return;
    try {
      this.stream.push(bytes);
    } catch (error) {
      this.fail(new DimseError(this.options.peer, 'protocol', (error as Error).message), true);
    }
  }

  private onPdu(pdu: Pdu): void {
    if (pdu.type === 'abort') {
      this.fail(new DimseError(this.options.peer, 'aborted', `association aborted by the peer (A-ABORT source ${pdu.source}, reason ${pdu.reason})`));
      this.socket.destroy();
      return;
    }
    if (this.negotiated && pdu.type === 'release-rq') {
      if (this.onReleaseRequest) this.onReleaseRequest();
      else this.answerRelease();
      return;
    }
    if (this.pduWaiter) {
      const waiter = this.pduWaiter;
      this.pduWaiter = undefined;
      waiter.resolve(pdu);
    } else this.pdus.push(pdu);
  }

  /** One PDV fragment (a view valid only during the call): commands are collected, data sets go to their sink or are copied. */
  private onPdv(pdv: Pdv): void {
    let p = this.partial;
    if (!p) {
      if (!pdv.isCommand) throw new Error('data set fragment before its command');
      p = this.partial = { contextId: pdv.contextId, commandParts: [], dataset: { parts: [], length: 0 } };
    }
    if (pdv.contextId !== p.contextId) throw new Error(`PDV for presentation context ${pdv.contextId} inside a message on context ${p.contextId}`);
    if (pdv.isCommand) {
      if (p.command) throw new Error('command fragment after the command ended');
      p.commandParts.push(new Uint8Array(pdv.data));
      if (!pdv.isLast) return;
      p.command = decodeCommandSet(joinDataset({ parts: p.commandParts, length: p.commandParts.reduce((n, b) => n + b.length, 0) }));
      if (!p.command.hasDataset) this.deliver({ contextId: p.contextId, command: p.command });
      else {
        try {
          p.sink = this.datasetSinkFor?.(p.contextId, p.command);
        } catch (error) {
          p.sinkError = error as Error;
        }
      }
      return;
    }
    if (!p.command) throw new Error('data set fragment before the command ended');
    if (p.sink && !p.sinkError) {
      try {
        p.sink.write(pdv.data);
      } catch (error) {
        p.sinkError = error as Error;
      }
    } else if (!p.sinkError) {
      p.dataset.parts.push(new Uint8Array(pdv.data));
    }
    p.dataset.length += pdv.data.length;
    if (!pdv.isLast) return;
    if (p.sinkError) this.deliver({ contextId: p.contextId, command: p.command, dataset: p.dataset, streamed: { error: p.sinkError } });
    else if (p.sink) {
      let streamed: DimseMessage['streamed'];
      try {
        const result = p.sink.end();
        // A promise is awaited by whoever handles the message; until then its failure is not unhandled.
        if (result instanceof Promise) result.catch(() => undefined);
        streamed = { result };
      } catch (error) {
        streamed = { error: error as Error };
      }
      this.deliver({ contextId: p.contextId, command: p.command, dataset: p.dataset, streamed });
    } else this.deliver({ contextId: p.contextId, command: p.command, dataset: p.dataset });
  }

  private deliver(message: DimseMessage): void {
    this.partial = undefined;
    if (this.messageWaiter) {
      const waiter = this.messageWaiter;
      this.messageWaiter = undefined;
      waiter.resolve(message);
    } else this.messages.push(message);
  }

  private fail(error: DimseError, abort = false): void {
    if (this.failure) return;
    this.failure = error;
    // A data set cut off mid-transfer leaves nothing behind.
    this.partial?.sink?.abort();
    if (abort && !this.socket.destroyed) {
      this.socket.write(encodePdu({ type: 'abort', source: 0, reason: 0 }));
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 500).unref();
    }
    this.pduWaiter?.reject(error);
    this.messageWaiter?.reject(error);
    this.pduWaiter = this.messageWaiter = undefined;
  }

  /** The next PDU during negotiation or release. */
  nextPdu(): Promise<Pdu> {
    const queued = this.pdus.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.pduWaiter = { resolve, reject }));
  }

  /** Negotiation is over: P-DATA now carries DIMSE messages. */
  startMessages(peerMaxPdu: number): void {
    this.negotiated = true;
    this.peerMaxPdu = peerMaxPdu;
  }

  receive(): Promise<DimseMessage> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.messageWaiter = { resolve, reject }));
  }

  writePdu(pdu: Pdu): void {
    if (!this.socket.destroyed) this.socket.write(encodePdu(pdu));
  }

  /** Sends one message; resolves once the socket took it (back-pressure respected). */
  async send(contextId: number, command: CommandSet, dataset?: Uint8Array | DatasetBytes): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.peerMaxPdu > 12 ? Math.min(this.peerMaxPdu, OUR_MAX_PDU) - 6 : OUR_MAX_PDU - 6;
    const commandBytes = encodeCommandSet({ ...command, hasDataset: dataset !== undefined });
    this.writeFragments(contextId, true, [commandBytes], commandBytes.length, chunk);
    if (dataset) {
      const parts = dataset instanceof Uint8Array ? [dataset] : dataset.parts;
      const length = dataset instanceof Uint8Array ? dataset.length : dataset.length;
      this.writeFragments(contextId, false, parts, length, chunk);
    }
    if (this.socket.writableNeedDrain) {
      await new Promise<void>((resolve, reject) => {
        const onClose = (): void => reject(this.failure ?? new DimseError(this.options.peer, 'aborted', 'connection closed while sending'));
        this.socket.once('drain', () => {
          this.socket.off('close', onClose);
          resolve();
        });
        this.socket.once('close', onClose);
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Writes `parts` (total `length` bytes) as PDVs of at most `chunk` bytes, without copying the data. */
  private writeFragments(contextId: number, isCommand: boolean, parts: Uint8Array[], length: number, chunk: number): void {
    if (parts.length === 1 && length <= chunk && length < 4096) {
      // A command: one small write, one syscall.
      const header = pDataHeader(contextId, isCommand, true, length);
      const pdu = new Uint8Array(header.length + length);
      pdu.set(header);
      pdu.set(parts[0]!, header.length);
      this.socket.write(pdu);
      return;
    }
    this.socket.cork();
    let sent = 0;
    let partIndex = 0;
    let partOffset = 0;
    do {
      const size = Math.min(chunk, length - sent);
      this.socket.write(pDataHeader(contextId, isCommand, sent + size === length, size));
      let left = size;
      while (left > 0) {
        const part = parts[partIndex]!;
        const take = Math.min(left, part.length - partOffset);
        this.socket.write(part.subarray(partOffset, partOffset + take));
        left -= take;
        partOffset += take;
        if (partOffset === part.length) {
          partIndex++;
          partOffset = 0;
        }
      }
      sent += size;
    } while (sent < length);
    this.socket.uncork();
  }

  answerRelease(): void {
    this.writePdu({ type: 'release-rp' });
    this.socket.end();
  }

  /** A-RELEASE: waits for the peer's answer (or gives up after the idle timeout). */
  async release(): Promise<void> {
    if (this.failure || this.socket.destroyed) return;
    this.negotiated = false;
    this.writePdu({ type: 'release-rq' });
    try {
      for (;;) {
        const pdu = await this.nextPdu();
        if (pdu.type === 'release-rp') break;
      }
    } catch {
      // the peer closed instead of answering: released all the same
    }
    this.socket.end();
    this.socket.destroy();
  }

  abort(): void {
    this.fail(new DimseError(this.options.peer, 'aborted', 'association aborted by us'), true);
  }
}
