import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { importPaths } from '../../electron/node/cache/importPaths';
import { StudyCache } from '../../electron/node/cache/studyCache';
import { startProductHost } from '../harness/productHost';
import { TOKEN_COOKIE } from '../../electron/node/server/loopbackAuth';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../../electron/node/synthetic/generateSyntheticStudies';
import type { Benchmark } from '../harness/benchmarkTypes';
import { launchChromium } from '../harness/chromiumSession';
import { summarize } from '../harness/stats';

const DATA = path.join(os.tmpdir(), 'lightbox-bench-data', 'chest-with-prior');

/** One virtual display's page of the workstation, shell ready. */
export async function display(context: BrowserContext, origin: string, n: number): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/?display=${n}`);
  await page.waitForSelector('body[data-shell-ready="true"]');
  return page;
}

/** Epoch ms when the reader double-clicks the study (recorded in the page). */
async function openFromList(page: Page): Promise<number> {
  await page.getByTestId('study-list').locator('tbody tr', { hasText: 'SYN26001' }).waitFor();
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    document.addEventListener('dblclick', () => ((window as unknown as { openedAt: number }).openedAt = performance.timeOrigin + performance.now()), { capture: true, once: true });
  });
  await page.getByTestId('study-list').locator('tbody tr', { hasText: 'SYN26001' }).dblclick();
  return page.evaluate(() => (window as unknown as { openedAt: number }).openedAt);
}

/** Epoch ms when every viewport of the page with a series showed its first image (`only`: just viewport 0). */
async function allShown(page: Page, only?: number): Promise<number> {
  const handle = await page.waitForFunction(
    (which) => {
      const cells = document.querySelectorAll('[data-testid="viewport"]').length;
      const probes = Object.values(window.__lightboxViewer?.viewports ?? {}).filter((p) => p.position < cells && (which === undefined || p.position === which));
      if (probes.length === 0 || probes.some((p) => p.count > 0 && p.firstShownAt === undefined)) return false;
      return Math.max(...probes.map((p) => p.firstShownAt ?? 0));
    },
    only,
    { timeout: 60_000, polling: 10 },
  );
  return (await handle.jsonValue()) as number;
}

/** The reading room's open: every viewport on two displays shows its first image, vs one viewport alone. */
export const twoDisplaysFirstImage: Benchmark = {
  name: 'reading-room-two-displays-first-image',
  description: 'open the synthetic chest CT (256², with its prior) from the list: every viewport on two virtual displays shows its first image (current 3, prior 2) vs the first viewport on one display',
  async run() {
    if (!existsSync(path.join(DATA, 'lightbox-phantom.json'))) await generateSyntheticStudies({ outDir: DATA, preset: GENERATE_PRESETS.chest!, seed: 'bench-reading-room' });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-bench-room-'));
    const cache = new StudyCache(dataDir, 'bench');
    await importPaths(cache, [DATA]);
    cache.close();
    const server = await startProductHost({ dataDir, displays: 2 });
    const token = server.token;
    const browser = await launchChromium();
    const context = async (): Promise<BrowserContext> => {
      const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await c.addCookies([{ name: TOKEN_COOKIE, value: token, url: server.origin }]);
      await c.addInitScript('globalThis.__name = (f) => f;');
      return c;
    };
    try {
      const two = async (): Promise<number> => {
        const c = await context();
        const [one, other] = [await display(c, server.origin, 1), await display(c, server.origin, 2)];
        const opened = await openFromList(one);
        const done = Math.max(await allShown(one), await allShown(other));
        await c.close();
        return done - opened;
      };
      const single = async (): Promise<number> => {
        const c = await context();
        const one = await display(c, server.origin, 1);
        const opened = await openFromList(one);
        const done = await allShown(one, 0);
        await c.close();
        return done - opened;
      };
      await two();
      await single();
      const o: number[] = [];
      const p: number[] = [];
      for (let k = 0; k < 5; k++) {
        o.push(await two());
        p.push(await single());
      }
      const ours = summarize('every viewport on both displays (3 current + 2 prior) showing its first image', 'ms', o);
      const peer = summarize('the first viewport on one display', 'ms', p);
      const ratio = Math.round((ours.median / peer.median) * 100) / 100;
      return { ours, peer, ratio, ratioMeaning: 'lower is better: two-display open ÷ single-viewport open, both from the double-click', goal: { ratio: 1.5, comparison: '<=', met: ratio <= 1.5 }, notes: ['both include the hanging (the host picks the protocol and the prior) and reading the metadata of both studies'] };
    } finally {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
