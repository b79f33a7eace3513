// The worker side of the DecoderPool: answers the pool's messages in arrival order. A worker
// entry calls it once with what it does per frame (a plain decode, or the caller's richer task).
import { parentPort } from 'node:worker_threads';
import { DecodeError, type DecodeRequest } from '../common/decodeTypes';

export type WorkerReply<Result> = { id: number; ok: true; result: Result } | { id: number; ok: false; detail: string };

/** What a handler returns: the result, and the buffers in it to move to the pool (never copied). */
export interface HandledRequest<Result> {
  result: Result;
  transfer: ArrayBuffer[];
}

export function serveDecodeRequests<Request extends DecodeRequest, Result>(handle: (request: Request) => Promise<HandledRequest<Result>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveDecodeRequests runs in a worker thread');
  // Frames are handled strictly in arrival order: the pool matches replies to the oldest task sent.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', ({ id, request }: { id: number; request: Request }) => {
    previous = previous.then(async () => {
      try {
        const { result, transfer } = await handle(request);
        port.postMessage({ id, ok: true, result } satisfies WorkerReply<Result>, transfer);
      } catch (error) {
        const detail = error instanceof DecodeError ? error.detail : error instanceof Error ? error.message : String(error);
        port.postMessage({ id, ok: false, detail } satisfies WorkerReply<Result>);
      }
    });
  });
}
