import { readlinkSync } from 'node:fs';
import os from 'node:os';

/**
 * Lowers the calling thread's scheduling priority by `niceness` (Linux: every thread has its own
 * nice value; `/proc/thread-self` names its id). The host's decoder threads run this way so that,
 * when the cores are all busy, the host's event loop — which answers every window and the Storage
 * SCP — is scheduled first and decoding takes the time left. Elsewhere a process has one priority
 * for all its threads, so nothing is changed. Returns whether it was lowered.
 */
export function lowerThisThreadPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (!Number.isInteger(tid) || tid === process.pid) return false; // never the process's main thread
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + niceness));
    return true;
  } catch {
    return false;
  }
}
