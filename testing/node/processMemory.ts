import { readFileSync } from 'node:fs';

/** A process's resident memory now (VmRSS) and its peak since it started (VmHWM), bytes, from /proc. */
export function residentMemory(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { now: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Whether this machine can tell a process's memory (Linux's /proc). */
export const canReadProcessMemory = ((): boolean => {
  try {
    return Number.isFinite(residentMemory(process.pid).peak);
  } catch {
    return false;
  }
})();
