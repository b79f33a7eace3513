import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../electron/node/runtime/startTsWorker';
import { DecodeError, type DecodedFrame, type DecodeRequest } from '../common/decodeTypes';
import type { WorkerReply } from './decoderWorker';

interface Task {
  id: number;
  request: DecodeRequest;
  resolve(frame: DecodedFrame): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** Tasks sent to the worker, oldest first; the first is being decoded. */
  tasks: Task[];
  timer?: NodeJS.Timeout;
}

/** Frames in flight per worker: the next one is already there when the current one finishes. */
const PIPELINE_DEPTH = 2;

export interface DecoderPoolOptions {
  /** Worker threads; defaults to the machine's available parallelism. */
  size?: number;
  /** A decode that takes longer is abandoned: its worker is terminated and replaced. */
  taskTimeoutMs?: number;
  /** The worker's entry: decoderWorker.ts of the checkout (run through tsx) unless a bundled build passes its compiled one. */
  workerEntry?: URL;
}

/**
 * Decodes frames in parallel on worker threads, one frame per worker at a time. A codec that
 * hangs or crashes costs its worker (terminated and replaced), never the process; the frame's
 * promise rejects with a DecodeError naming file and frame.
 */
export class DecoderPool {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly workerEntry: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: DecoderPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.timeoutMs = options.taskTimeoutMs ?? 30_000;
    this.workerEntry = options.workerEntry ?? new URL('./decoderWorker.ts', import.meta.url);
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  decode(request: DecodeRequest): Promise<DecodedFrame> {
    if (this.closed) return Promise.reject(new Error('decoder pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('decoder pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = this.workerEntry.pathname.endsWith('.ts') ? startTsWorker(this.workerEntry) : new Worker(this.workerEntry);
    const slot: Slot = { worker, tasks: [] };
    slot.worker.on('message', (reply: WorkerReply) => this.finish(slot, reply));
    slot.worker.on('error', (error) => this.replace(slot, `decoder worker failed: ${error.message}`));
    slot.worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, `decoder worker exited with code ${code}`);
    });
    return slot;
  }

  private pump(): void {
    for (let depth = 1; depth <= PIPELINE_DEPTH; depth++) {
      for (const slot of this.slots) {
        if (slot.tasks.length >= depth || this.queue.length === 0) continue;
        const task = this.queue.shift()!;
        slot.tasks.push(task);
        if (slot.tasks.length === 1) this.armTimer(slot);
        // The frame's bytes move to the worker (no copy); the caller must not reuse them.
        const bytes = task.request.bytes;
        const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        slot.worker.postMessage({ id: task.id, request: { ...task.request, bytes: owned } }, [owned.buffer as ArrayBuffer]);
      }
    }
  }

  /** The timeout runs for the task the worker is decoding now (the oldest sent). */
  private armTimer(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.replace(slot, `decode timed out after ${this.timeoutMs} ms`), this.timeoutMs);
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    const task = slot.tasks[0];
    if (!task || task.id !== reply.id) return;
    slot.tasks.shift();
    clearTimeout(slot.timer);
    if (slot.tasks.length) this.armTimer(slot);
    if (reply.ok) task.resolve(reply.frame);
    else task.reject(new DecodeError(task.request.source, task.request.frame, task.request.transferSyntaxUid, reply.detail));
    this.pump();
  }

  /** Abandons a slot's worker (hung or crashed), fails its task, and starts a fresh one. */
  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    clearTimeout(slot.timer);
    const [current, ...waiting] = slot.tasks;
    slot.tasks = [];
    this.slots[index] = this.spawn();
    void slot.worker.terminate();
    if (current) current.reject(new DecodeError(current.request.source, current.request.frame, current.request.transferSyntaxUid, reason));
    // Frames queued behind the failed one go back to the front of the queue.
    this.queue.unshift(...waiting);
    this.pump();
  }
}
