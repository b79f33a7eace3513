import type { StudyCache } from '../cache/studyCache';
import { IngestQueue } from '../cache/ingestQueue';
import { rmSync } from 'node:fs';
import { DamagedInstanceError, type StoreFailure, type StoreOutcome } from '../cache/storeOutcome';
import type { StoreStatus } from '../dimse/dimseScu';
import { StoreScp, type ScpEvent } from '../dimse/storeScp';
import { AssociationAudit } from './associationAudit';

export interface ReceiverOptions {
  aeTitle: string;
  port: number;
  host?: string;
  allowedCallingAes?: string[] | (() => string[] | undefined);
  idleTimeoutMs?: number;
  /** Received data reach the disk (fsync) at most this long after their C-STORE was answered (default 200 ms). */
  flushDelayMs?: number;
  onEvent?: (event: ScpEvent) => void;
  onStored?: (outcome: StoreOutcome, callingAe: string) => void;
  /** An instance answered as received that could not be placed or indexed (it stays in the incoming folder for the next opening). */
  onStoreError?: (error: StoreFailure, callingAe: string) => void;
}

export interface Receiver {
  port: number;
  /** Resolves once everything received so far is indexed and on disk. */
  flush(): Promise<void>;
  /** Resolves once everything received so far is placed and indexed (readable from the cache). */
  indexed(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Storage SCP feeding the cache. An instance is answered once it is complete in the cache's
 * incoming folder with its header checked (a crash or kill of Lightbox loses nothing answered:
 * the next opening stores what is left there); it is placed and indexed moments later, many at
 * a time, while the sender sends the next. The fsyncs of many instances are grouped into one
 * flush shortly after, which is what lets a single association run at network speed. Broken data
 * sets are refused with a failure status naming the problem, and nothing of them is stored.
 */
export async function startReceiver(cache: StudyCache, options: ReceiverOptions): Promise<Receiver> {
  const batch = cache.flushBatch();
  const queue = new IngestQueue(cache, batch);
  let timer: NodeJS.Timeout | undefined;
  const scheduleFlush = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void batch.flush();
    }, options.flushDelayMs ?? 200);
  };
  const audit = new AssociationAudit(cache, options.aeTitle);
  const stored = (callingAe: string, address: string) => (result: StoreOutcome | StoreFailure) => {
    if (result instanceof Error) {
      audit.failed(callingAe, address);
      options.onStoreError?.(result, callingAe);
    } else {
      audit.stored(callingAe, address, result);
      options.onStored?.(result, callingAe);
    }
  };
  const flush = async (): Promise<void> => {
    await queue.drained();
    await batch.flush();
  };
  const scp = new StoreScp({
    aeTitle: options.aeTitle,
    port: options.port,
    host: options.host,
    allowedCallingAes: options.allowedCallingAes,
    idleTimeoutMs: options.idleTimeoutMs,
    onStore: (instance) => {
      let outcome: StoreOutcome;
      try {
        outcome = cache.store(instance.file, instance.source, batch);
      } catch (error) {
        throw withDimseStatus(error);
      }
      scheduleFlush();
      stored(instance.callingAe, instance.address)(outcome);
      return damageWarning('damage' in outcome ? outcome.damage : undefined);
    },
    // Written, hashed and its header parsed as the data set arrives; placed and indexed just after the answer.
    beginStore: (instance) => {
      const incoming = cache.beginIncoming(instance.source);
      return {
        write: (part) => incoming.write(part),
        abort: () => incoming.abort(),
        // The sender is answered once this returns: the file complete, its header checked.
        end: () => {
          const received = incoming.finish();
          const { damage } = received.record.instance;
          if (damage?.length && cache.rejectDamaged) {
            rmSync(received.file, { force: true });
            throw withDimseStatus(new DamagedInstanceError(instance.source, damage));
          }
          queue.add(received, stored(instance.callingAe, instance.address));
          scheduleFlush();
          return damageWarning(damage);
        },
      };
    },
    onEvent: (event) => {
      // An association's audit rows are written once all it sent is indexed.
      if (event.type === 'closed') void flush().finally(() => audit.close(event.callingAe, event.address));
      if (event.type === 'store-failed') audit.failed(event.callingAe, event.address);
      options.onEvent?.(event);
    },
  });
  const port = await scp.start();
  return {
    port,
    flush,
    indexed: () => queue.drained(),
    async stop() {
      if (timer) clearTimeout(timer);
      await scp.stop();
      await flush();
      audit.closeAll();
    },
  };
}

/**
 * A C-STORE stored with known damage (Pixel Data cut short, no fragments …) is answered with the
 * warning B007 "Data Set does not match SOP Class" (PS3.4 B.2.3) and the first problem as Error
 * Comment: the sender learns what it sent is incomplete, and the instance is kept, named as damaged.
 */
function damageWarning(damage: string[] | undefined): StoreStatus | undefined {
  return damage?.length ? { status: 0xb007, comment: damage[0]! } : undefined;
}

/** A refusal of a damaged instance (the site's policy) is A900 "Error: Data Set does not match SOP Class". */
function withDimseStatus(error: unknown): unknown {
  return error instanceof DamagedInstanceError ? Object.assign(error, { dimseStatus: 0xa900 }) : error;
}
