import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { createHost } from '../../electron/node/host/createHost';
import { createVirtualDisplayService } from '../../electron/node/host/displayService';
import { startBrowserModeServer } from '../../electron/node/server/browserModeServer';
import { TOKEN_COOKIE } from '../../electron/node/server/loopbackAuth';
import type { Benchmark } from '../harness/benchmarkTypes';
import { launchChromium } from '../harness/chromiumSession';
import { interleave, summarize } from '../harness/stats';

const ROUNDS = 15;
const SHELL_READY_MARK = 'lightbox-shell-ready';

/** Blank page peer: same loopback, same browser, a page with nothing in it. */
async function startBlankServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Milliseconds from navigation start to the shell's ready mark, in a fresh context (cold cache). */
async function shellColdStart(browser: Browser, origin: string, token: string): Promise<number> {
  const context = await browser.newContext();
  await context.addCookies([{ name: TOKEN_COOKIE, value: token, url: origin }]);
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-shell-ready="true"]');
  const ms = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, SHELL_READY_MARK);
  await context.close();
  return ms;
}

/** Milliseconds from navigation start to the blank page's load event end. */
async function blankColdStart(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const ms = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
  await context.close();
  return ms;
}

export const rendererColdStart: Benchmark = {
  name: 'renderer-cold-start',
  description: 'browser mode: navigation start → workstation shell painted and connected to the host, vs a blank page, fresh browser context each time',
  async run() {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-bench-'));
    const token = 'bench-token-0123456789abcdef';
    const host = createHost({ mode: 'browser', dataDir, displays: createVirtualDisplayService(1) });
    const server = await startBrowserModeServer({ handle: host.handle, token });
    const blank = await startBlankServer();
    const browser = await launchChromium();
    try {
      await shellColdStart(browser, server.origin, token); // warm the OS file cache and Chromium's process pool
      await blankColdStart(browser, blank.url);
      const [ours, peer] = await interleave(
        ROUNDS,
        () => shellColdStart(browser, server.origin, token),
        () => blankColdStart(browser, blank.url),
      );
      const o = summarize('Lightbox shell ready', 'ms', ours);
      const p = summarize('blank page loaded', 'ms', peer);
      const ratio = Math.round((o.median / p.median) * 100) / 100;
      return {
        ours: o,
        peer: p,
        ratio,
        ratioMeaning: 'lower is better: shell cold-start time / blank-page load time',
        machineExtras: { browser: `Chromium ${browser.version()} (SwiftShader, no GPU)` },
        notes: [
          'the shell is counted ready once React has rendered it with the answer of its first host request (getHostInfo)',
          'each sample uses a fresh browser context: no HTTP or V8 code cache, as on the first window of a launch',
        ],
      };
    } finally {
      await browser.close();
      await blank.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
