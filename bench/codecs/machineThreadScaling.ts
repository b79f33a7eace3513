/**
 * How this machine's cores scale for two kinds of work, as context for decoder scaling: a loop
 * that stays in registers, and copies over a decoder-sized working set (a 512×512 16-bit frame in
 * and out). Two threads at once against one, each running for a fixed time.
 */
import { Worker } from 'node:worker_threads';

const WORK = `
const { parentPort, workerData } = require('node:worker_threads');
const a = Buffer.alloc(512 * 1024, 1), b = Buffer.alloc(512 * 1024);
parentPort.once('message', () => {
  const t0 = performance.now();
  let n = 0, x = 0;
  while (performance.now() - t0 < workerData.ms) {
    if (workerData.kind === 'copy') { a.copy(b); b[0]++; }
    else for (let i = 0; i < 100000; i++) x = (x * 1664525 + 1013904223) | 0;
    n++;
  }
  parentPort.postMessage(n + (x === 42 ? 1 : 0));
});`;

async function unitsDone(threads: number, kind: 'alu' | 'copy', ms: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(WORK, { eval: true, workerData: { kind, ms } }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const counts = await Promise.all(workers.map((w) => new Promise<number>((resolve) => (w.once('message', resolve), w.postMessage('go')))));
  await Promise.all(workers.map((w) => w.terminate()));
  return counts.reduce((a, b) => a + b, 0);
}

/** Speed-up of two threads over one for each kind of work. */
export async function machineThreadScaling(ms = 1500): Promise<{ alu: number; copy: number }> {
  const ratio = async (kind: 'alu' | 'copy'): Promise<number> => Math.round(((await unitsDone(2, kind, ms)) / (await unitsDone(1, kind, ms))) * 100) / 100;
  return { alu: await ratio('alu'), copy: await ratio('copy') };
}
