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

async function startThreads(n: number, frames: DecodeRequest[], passes: number): Promise<Worker[]> {
  const workers = Array.from({ length: n }, () => startTsWorker(new URL('./bareDecodeWorker.ts', import.meta.url), { workerData: { frames, passes } }));
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => (w.once('message', resolve), w.once('error', reject)))));
  return workers;
}

/** All threads start together; MB/s of all of them over the slowest one's time. */
async function sample(workers: Worker[], mbPerThread: number): Promise<number> {
  const times = await Promise.all(workers.map((w) => new Promise<number>((resolve) => (w.once('message', resolve), w.postMessage('go')))));
  return (workers.length * mbPerThread) / (Math.max(...times) / 1000);
}

/** `frames` decoded `repeat` × PASSES times per sample by each thread (as the pool benchmark decodes them). */
export async function bareThreadScaling(threads: number, frames: DecodeRequest[], repeat: number, rounds: number): Promise<{ wide: Measurement; narrow: Measurement; ratio: number }> {
  const passes = repeat * PASSES;
  const mb = passes * decodedMb(frames);
  const wide = await startThreads(threads, frames, passes);
  const narrow = await startThreads(1, frames, passes);
  try {
    for (let k = 0; k < 2; k++) {
      await sample(wide, mb);
      await sample(narrow, mb);
    }
    const [w, n] = await interleave(rounds, () => sample(wide, mb), () => sample(narrow, mb));
    const wideM = summarize(`${threads} bare decoder threads`, 'MB/s', w);
    const narrowM = summarize('1 bare decoder thread', 'MB/s', n);
    return { wide: wideM, narrow: narrowM, ratio: Math.round((wideM.median / narrowM.median) * 100) / 100 };
  } finally {
    await Promise.all([...wide, ...narrow].map((w) => w.terminate()));
  }
}
