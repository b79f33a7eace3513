import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { DecodeError, type DecodedFrame, type DecodeRequest } from '../common/decodeTypes';
import type { WorkerReply } from './serveDecodeRequests';

interface Task<Request, Result> {
  id: number;
  request: Request;
  resolve(result: Result): void;
  reject(error: Error): void;
}

interface Slot<Request, Result> {
  worker: Worker;
  /** Tasks sent to the worker, oldest first; the first is being decoded. */
  tasks: Task<Request, Result>[];
  timer?: NodeJS.Timeout;
}

/** Frames in flight per worker: the next one is already there when the current one finishes. */
const PIPELINE_DEPTH = 2;

export interface DecoderPoolOptions {
  /** Worker threads; defaults to the machine's available parallelism. */
  size?: number;
  /** A decode that takes longer is abandoned: its worker is terminated and replaced. */
  taskTimeoutMs?: number;
  /**
   * Starts one worker thread that serves decode requests (`serveDecodeRequests`): this package's
   * `decoderWorker`, or a caller's worker that does more per frame (the host converts frames for
   * display there). The caller knows how its code runs: a bundled `.mjs`, or TypeScript sources.
   */
  createWorker: () => Worker;
}

/**
 * Decodes frames in parallel on worker threads, one frame per worker at a time. A codec that
 * hangs or crashes costs its worker (terminated and replaced), never the process; the frame's
 * promise rejects with a DecodeError naming file and frame. `Request` and `Result` are the
 * worker's: a plain decode by default, or a caller's richer task whose request still carries the
 * frame's bytes (moved to the worker, never copied).
 */
export class DecoderPool<Request extends DecodeRequest = DecodeRequest, Result = DecodedFrame> {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly createWorker: () => Worker;
  private readonly slots: Slot<Request, Result>[] = [];
  private readonly queue: Task<Request, Result>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: DecoderPoolOptions) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.timeoutMs = options.taskTimeoutMs ?? 30_000;
    this.createWorker = options.createWorker;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Frames queued or being decoded. */
  get pending(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + s.tasks.length, 0);
  }

  decode(request: Request): Promise<Result> {
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

  private spawn(): Slot<Request, Result> {
    const slot: Slot<Request, Result> = { worker: this.createWorker(), tasks: [] };
    slot.worker.on('message', (reply: WorkerReply<Result>) => this.finish(slot, reply));
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
  private armTimer(slot: Slot<Request, Result>): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.replace(slot, `decode timed out after ${this.timeoutMs} ms`), this.timeoutMs);
  }

  private finish(slot: Slot<Request, Result>, reply: WorkerReply<Result>): void {
    const task = slot.tasks[0];
    if (!task || task.id !== reply.id) return;
    slot.tasks.shift();
    clearTimeout(slot.timer);
    if (slot.tasks.length) this.armTimer(slot);
    if (reply.ok) task.resolve(reply.result);
    else task.reject(new DecodeError(task.request.source, task.request.frame, task.request.transferSyntaxUid, reply.detail));
    this.pump();
  }

  /** Abandons a slot's worker (hung or crashed), fails its task, and starts a fresh one. */
  private replace(slot: Slot<Request, Result>, reason: string): void {
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
