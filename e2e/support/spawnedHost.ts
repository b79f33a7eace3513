import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/**
 * A `lightbox serve` a spec starts for itself, its output kept in a log file: when the host
 * stops under a test (a crash, a signal), the test says so with the host's last lines instead
 * of a bare "connection refused" from the page.
 */
export interface SpawnedHost {
  readonly process: ChildProcess;
  /** Throws, with the exit code or signal and the log's tail, when the host is no longer running. */
  assertRunning(): void;
  stop(): void;
}

export function spawnHost(bin: string, args: string[], logFile: string): SpawnedHost {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exit: string | undefined;
  child.on('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  return {
    process: child,
    assertRunning() {
      if (exit === undefined) return;
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`the host (lightbox ${args.join(' ')}) stopped (${exit}); its last output:\n${tail}`);
    },
    stop() {
      child.kill();
    },
  };
}
