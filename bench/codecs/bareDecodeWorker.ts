// A decoder thread without the pool (bench/codecs/bareThreadScaling.ts): on each "go" it decodes
// its own copy of the frames `passes` times over and reports how long that took.
import { parentPort, workerData } from 'node:worker_threads';
import type { DecodeRequest } from '../../native-codecs/common/decodeTypes';
import { decodeFrame } from '../../native-codecs/node/decodeFrame';

const { frames, passes } = workerData as { frames: DecodeRequest[]; passes: number };

parentPort!.on('message', async () => {
  const t0 = performance.now();
  // Each decode gets a fresh copy of its bytes (as each pooled decode does); the copy is ~2 % of
  // the fastest decode and the same for one thread and for several.
  for (let k = 0; k < passes; k++) for (const r of frames) await decodeFrame({ ...r, bytes: r.bytes.slice() });
  parentPort!.postMessage(performance.now() - t0);
});
parentPort!.postMessage('ready');
