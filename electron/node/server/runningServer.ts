import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../runtime/processAlive';

/** Where a running `lightbox serve` says how to reach it, so `lightbox open` can talk to it. */
export interface RunningServer {
  origin: string;
  token: string;
  pid: number;
}

const fileIn = (dataDir: string): string => path.join(dataDir, 'runtime', 'server.json');

/** Written with owner-only permissions: the token is the key to this user's loopback server. */
export function writeRunningServer(dataDir: string, server: RunningServer): () => void {
  const file = fileIn(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(server), { mode: 0o600 });
  return () => {
    try {
      const now = JSON.parse(readFileSync(file, 'utf8')) as RunningServer;
      if (now.pid === server.pid) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** The server running for this data folder, if one is. */
export function findRunningServer(dataDir: string): RunningServer | undefined {
  const file = fileIn(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as RunningServer;
    return processAlive(s.pid) ? s : undefined;
  } catch {
    return undefined;
  }
}
