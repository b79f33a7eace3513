import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./register.mjs', import.meta.url));

/** What the Electron API stand-in reports (see electronApi.mjs). */
export interface StandInReport {
  kind: string;
  [key: string]: unknown;
}

export interface SchemeResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  error?: string;
}

/**
 * The built desktop main bundle, run in Node under the Electron API stand-in (NOT Electron: the
 * binary cannot be installed here; see electronApi.mjs), driven as Electron would drive it.
 */
export interface DesktopApp {
  process: ChildProcess;
  /** Everything main asked of the stand-in so far, in order. */
  reports: StandInReport[];
  /** Resolves with the first report (already received or to come) that matches. */
  waitFor(predicate: (r: StandInReport) => boolean, timeoutMs?: number): Promise<StandInReport>;
  /** A request of a window's page, answered by the handler main registered for the scheme. */
  request(url: string, init?: RequestInit): Promise<SchemeResponse>;
  command<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Resolves with main's exit code. */
  exited: Promise<number | null>;
}

export function launchDesktopApp(options: { main: string; dataDir: string; displays?: number; env?: NodeJS.ProcessEnv; cwd?: string }): DesktopApp {
  const child = fork(options.main, [`--data-dir=${options.dataDir}`], {
    serialization: 'advanced',
    execArgv: ['--import', REGISTER],
    cwd: options.cwd,
    env: { ...process.env, ...options.env, LIGHTBOX_STANDIN_DISPLAYS: String(options.displays ?? 1) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reports: StandInReport[] = [];
  const watchers = new Set<(r: StandInReport) => void>();
  const replies = new Map<number, (reply: Record<string, unknown>) => void>();
  let nextId = 1;
  child.on('message', (message: { standIn?: boolean; smokeReply?: number } & Record<string, unknown>) => {
    if (message.smokeReply !== undefined) {
      replies.get(message.smokeReply)?.(message);
      replies.delete(message.smokeReply);
    } else if (message.standIn) {
      const report = message as unknown as StandInReport;
      reports.push(report);
      for (const watch of watchers) watch(report);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const command = <T>(name: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error(`main is not running (command ${name})`));
      const id = nextId++;
      replies.set(id, (reply) => (reply.error ? reject(new Error(String(reply.error))) : resolve(reply as T)));
      child.send({ smoke: name, id, ...args });
    });
  return {
    process: child,
    reports,
    exited,
    command,
    waitFor(predicate, timeoutMs = 30_000) {
      const seen = reports.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no such report within ${timeoutMs} ms; seen: ${reports.map((r) => r.kind).join(', ')}`));
        }, timeoutMs);
        const watch = (r: StandInReport): void => {
          if (!predicate(r)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(r);
        };
        watchers.add(watch);
      });
    },
    async request(url, init) {
      const reply = await command<SchemeResponse>('request', { url, init });
      if (reply.error) throw new Error(reply.error);
      return reply;
    },
  };
}

/** Whether a process with this id still runs. */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
