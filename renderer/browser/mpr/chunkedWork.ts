import { widenRange } from '../../../electron/common/dicom/display/sampleRange';

/** Work per task while a volume is prepared or uploaded: well under the 50 ms that makes a long task. */
export const TASK_BUDGET_MS = 25;

interface Scheduler {
  yield(): Promise<void>;
}

/**
 * Lets the browser run input, rendering and other tasks before going on. `scheduler.yield()` where
 * the browser has it (Chromium), else a message-channel task: `setTimeout(0)` is clamped to 4 ms
 * once nested, which a 300-slice volume pays dozens of times over.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Calls `work(start, end)` over [0, length) in pieces, yielding whenever a task's budget is spent. */
export async function inBudgetedChunks(length: number, work: (start: number, end: number) => void, piece = 1 << 18): Promise<void> {
  let taskStart = performance.now();
  for (let start = 0; start < length; start += piece) {
    work(start, Math.min(length, start + piece));
    if (performance.now() - taskStart >= TASK_BUDGET_MS) {
      await nextTask();
      taskStart = performance.now();
    }
  }
}

/** Smallest and largest value, in chunks that each fit a task. */
export async function rangeInChunks(samples: ArrayLike<number>): Promise<[number, number]> {
  let range: [number, number] = [Infinity, -Infinity];
  await inBudgetedChunks(samples.length, (start, end) => (range = widenRange(samples, start, end, range)));
  return range[0] <= range[1] ? range : [0, 0];
}

/**
 * The samples as 32-bit floats, converted in chunks. Where the GPU has no 16-bit normalized
 * textures (EXT_texture_norm16), vtk.js would make this float copy itself in one go; made here it
 * never blocks the page.
 */
export async function floatsInChunks(samples: ArrayLike<number>): Promise<Float32Array> {
  const out = new Float32Array(samples.length);
  await inBudgetedChunks(samples.length, (start, end) => {
    for (let i = start; i < end; i++) out[i] = samples[i]!;
  });
  return out;
}
