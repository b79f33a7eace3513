import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { startTsWorker } from './startTsWorker';
import { lowerThisThreadPriority } from './threadPriority';

describe('decoder threads yield to the host’s event loop', () => {
  it.runIf(process.platform === 'linux')('lowers the calling worker thread’s priority, never the process’s main thread', async () => {
    const before = os.getPriority(process.pid);
    expect(lowerThisThreadPriority(5)).toBe(false); // the main thread is refused
    const worker = startTsWorker(new URL('../../../testing/node/threadPriorityProbeWorker.ts', import.meta.url));
    const seen = await new Promise<{ lowered: boolean; before: number; thread: number; process: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(seen.lowered).toBe(true);
    expect(seen.thread).toBe(Math.min(19, seen.before + 5));
    expect(seen.process).toBe(before);
    expect(os.getPriority(process.pid)).toBe(before);
  });
});
