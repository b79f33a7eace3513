import type { StudyCache } from '../cache/studyCache';
import { IngestQueue } from '../cache/ingestQueue';
import { StorageError, type StoreOutcome } from '../cache/storeOutcome';
import { StoreScp, type ScpEvent } from '../dimse/storeScp';

export interface ReceiverOptions {
  aeTitle: string;
  port: number;
  host?: string;
  allowedCallingAes?: string[];
  idleTimeoutMs?: number;
  /** Received data reach the disk (fsync) at most this long after their C-STORE was answered (default 200 ms). */
  flushDelayMs?: number;
  onEvent?: (event: ScpEvent) => void;
  onStored?: (outcome: StoreOutcome, callingAe: string) => void;
  /** An instance answered as received that could not be placed or indexed (it stays in the incoming folder for the next opening). */
  onStoreError?: (error: StorageError, callingAe: string) => void;
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
  const stored = (callingAe: string) => (result: StoreOutcome | StorageError) => {
    if (result instanceof StorageError) options.onStoreError?.(result, callingAe);
    else options.onStored?.(result, callingAe);
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
      const outcome = cache.store(instance.file, instance.source, batch);
      scheduleFlush();
      stored(instance.callingAe)(outcome);
    },
    // Written, hashed and its header parsed as the data set arrives; placed and indexed just after the answer.
    beginStore: (instance) => {
      const incoming = cache.beginIncoming(instance.source);
      return {
        write: (part) => incoming.write(part),
        abort: () => incoming.abort(),
        // The sender is answered once this returns: the file complete, its header checked.
        end: () => {
          queue.add(incoming.finish(), stored(instance.callingAe));
          scheduleFlush();
        },
      };
    },
    onEvent: (event) => {
      if (event.type === 'closed') void flush();
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
    },
  };
}
