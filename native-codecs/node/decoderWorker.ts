// One decoder thread of the DecoderPool: decodes the frames it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { DecodeError, type DecodedFrame, type DecodeRequest } from '../common/decodeTypes';
import { decodeFrame } from './decodeFrame';

export type WorkerReply = { id: number; ok: true; frame: DecodedFrame } | { id: number; ok: false; detail: string };

// Frames are decoded strictly in arrival order: the pool matches replies to the oldest task sent.
let previous: Promise<void> = Promise.resolve();
parentPort?.on('message', (message: { id: number; request: DecodeRequest }) => {
  previous = previous.then(() => handle(message));
});

async function handle({ id, request }: { id: number; request: DecodeRequest }): Promise<void> {
  try {
    const frame = await decodeFrame(request);
    const reply: WorkerReply = { id, ok: true, frame };
    parentPort!.postMessage(reply, [frame.pixels.buffer as ArrayBuffer]);
  } catch (error) {
    const detail = error instanceof DecodeError ? error.detail : error instanceof Error ? error.message : String(error);
    parentPort!.postMessage({ id, ok: false, detail } satisfies WorkerReply);
  }
}
