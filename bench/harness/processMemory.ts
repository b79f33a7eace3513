import { readdirSync, readFileSync } from 'node:fs';

/** Pids of every process below `root` (its children, their children, …), read from /proc. */
export function descendantPids(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, …
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Process ended while listing.
    }
  }
  const below: number[] = [];
  for (const pid of parentOf.keys()) {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === root) {
        below.push(pid);
        break;
      }
    }
  }
  return below;
}

/** Private resident memory (RssAnon) of the Chromium renderer processes below `browserPid`, bytes. */
export function rendererPrivateMemory(browserPid: number): number {
  let total = 0;
  for (const pid of descendantPids(browserPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // Process ended.
    }
  }
  return total;
}
