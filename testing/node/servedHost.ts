import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/lightbox.js');

/** `lightbox serve` in a process of its own, as a user runs it: its origin, token, pid and what it logged. */
export interface ServedHost {
  origin: string;
  token: string;
  pid: number;
  /** What it wrote to stderr so far (its log of failures). */
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `lightbox serve` on a free port, without the demo set and the Storage SCP; `env` adds variables. */
export async function startServedHost(options: { dataDir: string; env?: Record<string, string> }): Promise<ServedHost> {
  const token = 'served-host-test-token-0123456789';
  const child: ChildProcess = spawn(process.execPath, [BIN, '--data-dir', options.dataDir, 'serve', '--no-demo', '--no-scp', '--port', '0', '--token', token], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Open: (http:\/\/[^/]+)\//.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`lightbox serve exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    origin,
    token,
    pid: child.pid!,
    stderr: () => stderr,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
