// A decoder thread without the pool (bench/codecs/bareThreadScaling.ts): on each "go" it decodes
// its own copy of every frame `passes` times and reports how long that took.
import { parentPort, workerData } from 'node:worker_threads';
import type { DecodeRequest } from '../../native-codecs/common/decodeTypes';
import { decodeFrame } from '../../native-codecs/node/decodeFrame';

const { requests, passes } = workerData as { requests: DecodeRequest[]; passes: number };

parentPort!.on('message', async () => {
  // Copies made first, as the pool benchmark makes them before its clock starts.
  const copies = Array.from({ length: passes }, () => requests.map((r) => r.bytes.slice()));
  const t0 = performance.now();
  for (const pass of copies) for (const [i, r] of requests.entries()) await decodeFrame({ ...r, bytes: pass[i]! });
  parentPort!.postMessage(performance.now() - t0);
});
parentPort!.postMessage('ready');
