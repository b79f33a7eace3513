import type { FlushBatch } from './durableFile';
import type { ReceivedFile } from './incomingInstance';
import type { StoreFailure, StoreOutcome } from './storeOutcome';
import type { PreparedRecord, StudyCache } from './studyCache';

type Done = (result: StoreOutcome | StoreFailure) => void;

/**
 * Received files waiting to be placed and indexed. A network sender is answered once its file is
 * complete in the incoming folder with its header checked; placing and indexing follow right
 * after (the next turn of the event loop), for everything that arrived meanwhile in one index
 * transaction, while the sender is already sending the next instance. A crash in between leaves
 * the file in the incoming folder, where the next opening of the cache stores it.
 */
export class IngestQueue {
  private waiting: Array<{ file: ReceivedFile<PreparedRecord>; done: Done }> = [];
  private scheduled: NodeJS.Immediate | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly cache: StudyCache,
    private readonly batch?: FlushBatch,
  ) {}

  add(file: ReceivedFile<PreparedRecord>, done: Done): void {
    this.waiting.push({ file, done });
    this.scheduled ??= setImmediate(() => this.drain());
  }

  /** Resolves once everything added so far is placed and indexed (or has failed). */
  drained(): Promise<void> {
    if (this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    this.scheduled = undefined;
    const items = this.waiting;
    this.waiting = [];
    const results = this.cache.storeReceived(
      items.map((i) => i.file),
      this.batch,
    );
    items.forEach((item, k) => item.done(results[k]!));
    this.resolveIfIdle();
  }

  private resolveIfIdle(): void {
    if (this.waiting.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
