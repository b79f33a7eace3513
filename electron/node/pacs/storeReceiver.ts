import type { StudyCache } from '../cache/studyCache';
import type { StoreOutcome } from '../cache/storeOutcome';
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
}

export interface Receiver {
  port: number;
  /** Resolves once everything received so far is on disk. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Storage SCP feeding the cache. An instance is stored and indexed before its success
 * status is sent (a crash or kill of Lightbox loses nothing acknowledged); the fsyncs of many
 * instances are grouped into one flush shortly after, which is what lets a single association
 * run at network speed. Broken data sets are refused with a failure status naming the problem,
 * and nothing of them is stored.
 */
export async function startReceiver(cache: StudyCache, options: ReceiverOptions): Promise<Receiver> {
  const batch = cache.flushBatch();
  let timer: NodeJS.Timeout | undefined;
  const scheduleFlush = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void batch.flush();
    }, options.flushDelayMs ?? 200);
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
      options.onStored?.(outcome, instance.callingAe);
    },
    // Written and hashed part by part as the data set arrives; parsed and indexed at its end.
    beginStore: (instance) => {
      const incoming = cache.beginIncoming(instance.source, batch);
      return {
        write: (part) => incoming.write(part),
        abort: () => incoming.abort(),
        end: () => {
          const outcome = incoming.finish();
          scheduleFlush();
          options.onStored?.(outcome, instance.callingAe);
          return outcome;
        },
      };
    },
    onEvent: (event) => {
      if (event.type === 'closed') void batch.flush();
      options.onEvent?.(event);
    },
  });
  const port = await scp.start();
  return {
    port,
    flush: () => batch.flush(),
    async stop() {
      if (timer) clearTimeout(timer);
      await scp.stop();
      await batch.flush();
    },
  };
}
