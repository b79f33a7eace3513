/**
 * The machine's own parallel speed-up for a decoder: N threads that each decode their own copy of
 * the frames (no pool: nothing dispatched, nothing sent back) against one such thread. The pool's
 * scaling can only approach this; the difference is what the pool costs.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../electron/node/runtime/startTsWorker';
import type { DecodeRequest } from '../../native-codecs/common/decodeTypes';
import { interleave, summarize } from '../harness/stats';
import type { Measurement } from '../harness/benchmarkTypes';
import { decodedMb, PASSES } from './decodeThroughput';

async function startThreads(n: number, requests: DecodeRequest[]): Promise<Worker[]> {
  const workers = Array.from({ length: n }, () => startTsWorker(new URL('./bareDecodeWorker.ts', import.meta.url), { workerData: { requests, passes: PASSES } }));
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => (w.once('message', resolve), w.once('error', reject)))));
  return workers;
}

/** All threads start together; MB/s of all of them over the slowest one's time. */
async function sample(workers: Worker[], requests: DecodeRequest[]): Promise<number> {
  const times = await Promise.all(workers.map((w) => new Promise<number>((resolve) => (w.once('message', resolve), w.postMessage('go')))));
  return (workers.length * PASSES * decodedMb(requests)) / (Math.max(...times) / 1000);
}

export async function bareThreadScaling(threads: number, requests: DecodeRequest[], rounds: number): Promise<{ wide: Measurement; narrow: Measurement; ratio: number }> {
  const wide = await startThreads(threads, requests);
  const narrow = await startThreads(1, requests);
  try {
    for (let k = 0; k < 2; k++) {
      await sample(wide, requests);
      await sample(narrow, requests);
    }
    const [w, n] = await interleave(rounds, () => sample(wide, requests), () => sample(narrow, requests));
    const wideM = summarize(`${threads} bare decoder threads`, 'MB/s', w);
    const narrowM = summarize('1 bare decoder thread', 'MB/s', n);
    return { wide: wideM, narrow: narrowM, ratio: Math.round((wideM.median / narrowM.median) * 100) / 100 };
  } finally {
    await Promise.all([...wide, ...narrow].map((w) => w.terminate()));
  }
}
