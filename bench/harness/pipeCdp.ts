import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../e2e/support/chromium';

/**
 * Chromium driven over `--remote-debugging-pipe` with only the Target, Runtime and HeapProfiler
 * domains. Playwright enables the Network domain on every page, and Blink's DevTools network
 * agent then keeps copies of response bodies in the renderer (up to ~200 MB): a memory
 * benchmark run under it measures the instrumentation, not the page. This client never
 * enables Network, so the renderer holds what the page holds.
 */
export interface PipePage {
  /** Evaluates an expression in the page; promises are awaited; the value comes back by value. */
  evaluate<T>(expression: string): Promise<T>;
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface PipeBrowser {
  newPage(url: string, size?: { width: number; height: number }): Promise<PipePage>;
  /** The browser process (its renderers are below it). */
  readonly process: ChildProcess;
  /** Product and version, e.g. "HeadlessChrome/156.0…". */
  version(): Promise<string>;
  close(): Promise<void>;
}

interface Pending {
  resolve(v: Record<string, unknown>): void;
  reject(e: Error): void;
}

export async function launchPipeChromium(extraArgs: string[] = []): Promise<PipeBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'lightbox-pipe-chromium-'));
  const child = spawn(
    CHROMIUM_EXECUTABLE,
    [...CHROMIUM_ARGS, '--headless=new', '--remote-debugging-pipe', `--user-data-dir=${profile}`, ...extraArgs, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      buffered = buffered.slice(end + 1);
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter) continue;
      pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result ?? {});
    }
  });
  child.on('exit', () => {
    for (const w of pending.values()) w.reject(new Error('chromium exited'));
    pending.clear();
  });

  function send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = nextId++;
    toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }

  const { product } = (await send('Browser.getVersion')) as { product: string };
  return {
    process: child,
    version: async () => product,
    async newPage(url, size = { width: 1280, height: 900 }) {
      const { targetId } = (await send('Target.createTarget', { url: 'about:blank', newWindow: true, ...size })) as { targetId: string };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      const pageSend = (method: string, params?: Record<string, unknown>) => send(method, params, sessionId);
      // tsx (esbuild keepNames) wraps named functions in __name(); page code built by it needs it too.
      await pageSend('Page.addScriptToEvaluateOnNewDocument', { source: 'globalThis.__name = (f) => f;' });
      await pageSend('Page.navigate', { url });
      return {
        send: pageSend,
        async evaluate<T>(expression: string): Promise<T> {
          const r = (await pageSend('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
            result: { value?: T };
            exceptionDetails?: { text: string; exception?: { description?: string } };
          };
          if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
          return r.result.value as T;
        },
        async close() {
          await send('Target.closeTarget', { targetId });
        },
      };
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
